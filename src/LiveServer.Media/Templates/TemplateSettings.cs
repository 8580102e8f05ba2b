namespace LiveServer.Media.Templates;

/// <summary>How template pages are rendered on this machine (bound from <c>Templates:*</c>).</summary>
/// <param name="ChromiumPath">The Chromium executable (the system's; no browser is ever downloaded).</param>
/// <param name="ReadyTimeout">How long a page has from being opened (Chromium is up) to its <c>ready()</c>.</param>
/// <param name="RestartLimit">Crashes after ready that are restarted; the next one falls back.</param>
public sealed record TemplateSettings(string ChromiumPath, TimeSpan ReadyTimeout, int RestartLimit)
{
    /// <summary>
    /// Whether the page may request a URL: every HTTP(S) request (document, script, fetch, worker) and
    /// every WebSocket the page opens is checked; refused ones are aborted. <c>file:</c> is always
    /// refused; <c>data:</c> and <c>blob:</c> never reach the network and are allowed.
    /// </summary>
    public Func<Uri, bool> IsAllowed { get; init; } = _ => true;

    /// <summary>
    /// Chromium's sandbox: true on, false off, null (default) on where it can run: off as root, or
    /// after a launch with it failed (a warning is logged once).
    /// </summary>
    public bool? Sandbox { get; init; }

    /// <summary>At most this many page images a second are converted (the output frame rate).</summary>
    public int MaxFramesPerSecond { get; init; } = 30;

    /// <summary>How the template is named in messages and logs (its URL without what the server added to the query); the page's URL when null.</summary>
    public string? Name { get; init; }

    /// <summary>Put in the name of Chromium's profile folder, and so in every Chromium process's command line (e.g. the livestream's id).</summary>
    public string? Label { get; init; }

    /// <summary>Answers the page's <c>window.__liveserverToken()</c> (a fresh token for its hub connection); the function is absent when null.</summary>
    public Func<string>? TokenSource { get; init; }
}
