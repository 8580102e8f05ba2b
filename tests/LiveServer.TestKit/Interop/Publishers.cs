namespace LiveServer.TestKit.Interop;

/// <summary>
/// How each WHIP client is started in the client namespace, with its default settings: no loopback
/// switch, no address of ours configured anywhere but the URL it is given.
/// </summary>
public static class Publishers
{
    private static string ClientScript(string name) =>
        Path.Combine(ServerProcess.RepositoryRoot(), "tests", "LiveServer.TestKit", "Interop", "Clients", name);

    /// <summary>
    /// Debian's Chromium, headless, opening <c>publish.html?autostart=1</c>: a fake camera and
    /// microphone without a prompt, and the server's plain-HTTP origin treated as secure (browsers give
    /// the camera only to secure origins). Console messages go to its stderr.
    /// </summary>
    public static ClientProcess Chromium(TestNetwork network, Uri server, string pageQuery)
    {
        var folder = ClientProcess.NewFolder();
        return ClientProcess.Start(network, folder, "/usr/bin/chromium",
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            $"--unsafely-treat-insecure-origin-as-secure={server.GetLeftPart(UriPartial.Authority)}",
            $"--user-data-dir={Path.Combine(folder, "profile")}", "--enable-logging=stderr", "--v=0", "--remote-debugging-port=0",
            new Uri(server, "/publish.html?autostart=1&" + pageQuery).ToString(),
        ]);
    }

    /// <summary>
    /// Debian's Firefox ESR, headless, in a fresh profile whose prefs give it a fake camera and
    /// microphone without a prompt and on a plain-HTTP origin, and print the page's console on stdout.
    /// </summary>
    public static ClientProcess Firefox(TestNetwork network, Uri server, string pageQuery)
    {
        var folder = ClientProcess.NewFolder();
        var profile = Path.Combine(folder, "profile");
        Directory.CreateDirectory(profile);
        File.WriteAllLines(Path.Combine(profile, "user.js"),
        [
            """user_pref("media.navigator.streams.fake", true);""",
            """user_pref("media.navigator.permission.disabled", true);""",
            """user_pref("media.devices.insecure.enabled", true);""",
            """user_pref("media.getusermedia.insecure.enabled", true);""",
            """user_pref("devtools.console.stdout.content", true);""",
            """user_pref("browser.shell.checkDefaultBrowser", false);""",
            """user_pref("app.update.enabled", false);""",
            """user_pref("datareporting.policy.dataSubmissionEnabled", false);""",
            """user_pref("toolkit.telemetry.enabled", false);""",
            """user_pref("network.captive-portal-service.enabled", false);""",
            """user_pref("browser.startup.homepage_override.mstone", "ignore");""",
        ]);
        return ClientProcess.Start(network, folder, "/usr/bin/firefox-esr",
            ["--headless", "--no-remote", "--profile", profile, new Uri(server, "/publish.html?autostart=1&" + pageQuery).ToString()],
            new Dictionary<string, string> { ["HOME"] = folder, ["MOZ_CRASHREPORTER_DISABLE"] = "1" });
    }

    /// <summary>aiortc (Debian's python3-aiortc, for Debian's /usr/bin/python3) through <c>Clients/aiortc_whip.py</c>.</summary>
    public static ClientProcess Aiortc(TestNetwork network, Uri whip, string token) =>
        ClientProcess.Start(network, ClientProcess.NewFolder(), "/usr/bin/python3", [ClientScript("aiortc_whip.py"), whip.ToString(), token]);

    /// <summary>GStreamer's webrtcbin (Debian's gstreamer1.0-plugins-bad, libnice) through <c>Clients/gstreamer_whip.py</c>.</summary>
    public static ClientProcess GStreamer(TestNetwork network, Uri whip, string token) =>
        ClientProcess.Start(network, ClientProcess.NewFolder(), "/usr/bin/python3", [ClientScript("gstreamer_whip.py"), whip.ToString(), token]);
}
