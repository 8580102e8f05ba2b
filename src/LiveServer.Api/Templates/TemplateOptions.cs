using System.ComponentModel.DataAnnotations;

namespace LiveServer.Api.Templates;

/// <summary>The <c>Templates</c> configuration section: custom layouts drawn by a web page in headless Chromium.</summary>
public sealed class TemplateOptions
{
    /// <summary>The section's name.</summary>
    public const string SectionName = "Templates";

    /// <summary>The Chromium binary (Debian's package installs <c>/usr/bin/chromium</c>).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Templates:ChromiumPath must name the Chromium binary.")]
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    /// <summary>How long a page may take to load and call <c>LiveServer.template.ready()</c> before the livestream fails.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Templates:ReadyTimeout must be between 1 second and 5 minutes.")]
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Chromium crashes a livestream survives (each restarts it) before it falls back to its built-in layout.</summary>
    [Range(0, 100, ErrorMessage = "Templates:RestartLimit must be between 0 and 100.")]
    public int RestartLimit { get; set; } = 3;

    /// <summary>
    /// Hosts (names or IP addresses) a template may be loaded from, or make requests to, although they
    /// are loopback, link-local or private; public hosts need no entry.
    /// </summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>True or false forces Chromium's sandbox on or off; unset uses it where the machine allows.</summary>
    public bool? Sandbox { get; set; }

    /// <summary>How long the viewer token given to the page in its query works (the page gets fresh ones from the server after that).</summary>
    [Range(typeof(TimeSpan), "00:00:30", "1.00:00:00", ErrorMessage = "Templates:TokenLifetime must be between 30 seconds and 1 day.")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The server's address as the page reaches it (<c>apiBase</c>: the SDK, the hub, the REST API);
    /// unset uses the first address the server listens on, with a wildcard host made 127.0.0.1.
    /// </summary>
    public string? ApiBase { get; set; }
}
