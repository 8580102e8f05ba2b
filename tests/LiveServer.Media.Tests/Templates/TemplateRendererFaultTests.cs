using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LiveServer.TestKit;
using static LiveServer.Media.Tests.Templates.TemplateChromium;

namespace LiveServer.Media.Tests.Templates;

/// <summary>The renderer when Chromium dies, and when a page reaches for what it may not.</summary>
public sealed class TemplateRendererFaultTests : IDisposable
{
    private static readonly Media.Video.YuvColor Blue = Media.Video.YuvColor.FromRgb(0, 0, 255);
    private readonly PageServer _pages = new();

    public void Dispose() => _pages.Dispose();

    [Fact]
    public async Task ChromiumKilled_RestartsKeepingImage_ThenFallsBackPastTheLimit()
    {
        await using var renderer = Start(_pages.Add("/layout", TemplateTestPages.Layout), Settings(restartLimit: 1));
        var recovered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fellBack = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        renderer.Recovered += () => recovered.TrySetResult();
        renderer.FellBack += reason => fellBack.TrySetResult(reason);
        await renderer.Ready.WaitAsync(Patience);
        var picture = Hash(Drawn(renderer, Blue));
        var first = renderer.BrowserProcessId!.Value;
        var firstProfile = ProfileOf(first);

        Kill(first);
        await WaitUntilAsync(() => renderer.Restarts == 1, "the first restart");
        Assert.Equal(picture, Hash(Drawn(renderer, Blue)));
        await recovered.Task.WaitAsync(Patience);
        var second = renderer.BrowserProcessId!.Value;
        Assert.NotEqual(first, second);
        Assert.Equal(2, renderer.Slots.Count);
        Assert.Equal(picture, Hash(Drawn(renderer, Blue)));
        var secondProfile = ProfileOf(second);

        Kill(second);
        var reason = await fellBack.Task.WaitAsync(Patience);

        Assert.Contains("crashed 2 times", reason);
        Assert.Equal(1, renderer.Restarts);
        Assert.Equal(picture, Hash(Drawn(renderer, Blue)));
        await WaitUntilAsync(() => ProcessesNaming(firstProfile).Count == 0 && ProcessesNaming(secondProfile).Count == 0, "both Chromiums to be gone");
    }

    [Fact]
    public async Task Requests_RefusedHostAndFile_AreAborted()
    {
        using var refused = new TcpListener(IPAddress.Parse("127.0.0.2"), 0);
        refused.Start();
        var port = ((IPEndPoint)refused.LocalEndpoint).Port;
        _pages.Add("/allowed", "ok");
        var settings = Settings() with { IsAllowed = url => url.Host != "127.0.0.2" };

        await using var renderer = Start(_pages.Add("/escaping", TemplateTestPages.Escaping("127.0.0.2", port)), settings);
        await renderer.Ready.WaitAsync(Patience);

        var results = renderer.ConsoleErrors.Last(e => e.StartsWith("results:", StringComparison.Ordinal));
        Assert.Contains("host fetch refused", results);
        Assert.Contains("file fetch refused", results);
        Assert.Contains("websocket refused: SecurityError", results);
        Assert.Contains("own host: 200", results);
        Assert.False(refused.Pending(), "the refused host was connected to");
        Assert.Equal(1, _pages.Hits("/allowed"));
    }

    [Fact]
    public async Task Ready_FileUrl_IsRefused()
    {
        await using var renderer = Start(new Uri("file:///etc/passwd"));

        var failure = await Assert.ThrowsAsync<Media.Templates.TemplateFailedException>(() => renderer.Ready.WaitAsync(Patience));

        Assert.Contains("not an allowed", failure.Message);
    }

    private static void Kill(int pid)
    {
        using var process = Process.GetProcessById(pid);
        process.Kill();
    }
}
