namespace LiveServer.Media.Templates;

/// <summary>
/// The command line a template Chromium gets besides PuppeteerSharp's defaults (headless, automation,
/// no first run, background throttling off): no audio (the page's sound is not used), no
/// scrollbars, no GPU, shared memory in /tmp rather than /dev/shm (small in containers), no popups or
/// new windows (their requests would escape the page's request checks), no crash reporter (its
/// handler would outlive the browser), and the sandbox unless it cannot run.
/// </summary>
internal static class ChromiumArguments
{
    /// <summary>The arguments for a <paramref name="width"/> x <paramref name="height"/> window.</summary>
    public static string[] For(int width, int height, bool sandbox)
    {
        var arguments = new List<string>
        {
            "--mute-audio",
            "--hide-scrollbars",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--block-new-web-contents",
            "--disable-crash-reporter",
            "--disable-breakpad",
            "--no-pings",
            "--autoplay-policy=no-user-gesture-required",
            "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
            $"--window-size={width},{height}",
        };
        if (!sandbox)
        {
            arguments.Add("--no-sandbox");
        }

        return [.. arguments];
    }

    /// <summary>True when this process runs as root, where Chromium refuses its sandbox.</summary>
    public static bool RunningAsRoot() => OperatingSystem.IsLinux() && Environment.UserName == "root";
}
