using LiveServer.Domain.Livestreams;
using LiveServer.Media.Templates;
using LiveServer.Media.Tests.TestKit;
using LiveServer.Media.Video;
using LiveServer.TestKit;
using static LiveServer.Media.Tests.Templates.TemplateChromium;

namespace LiveServer.Media.Tests.Templates;

/// <summary>The renderer on the real Chromium, pages served from loopback.</summary>
public sealed class TemplateRendererTests : IDisposable
{
    private static readonly YuvColor Blue = YuvColor.FromRgb(0, 0, 255);
    private readonly PageServer _pages = new();

    public void Dispose() => _pages.Dispose();

    [Fact]
    public async Task Start_LayoutPage_ReportsSlotsAndCapturesWithAlpha()
    {
        await using var renderer = Start(_pages.Add("/layout", TemplateTestPages.Layout));
        await renderer.Ready.WaitAsync(Patience);

        Assert.Equal(
            [new TemplateSlot(0, null, new PixelRect(40, 120, 640, 360), TileFit.Cover), new TemplateSlot(null, "alice", new PixelRect(700, 120, 320, 180), TileFit.Cover)],
            renderer.Slots);
        Assert.NotNull(renderer.ReadyAfter);
        var canvas = Drawn(renderer, Blue);
        AssertNear(YuvColor.FromRgb(200, 30, 60), Pictures.At(canvas, 640, 40), 1);
        Assert.Equal(Blue, Pictures.At(canvas, 300, 300));
        Assert.Equal(Blue, Pictures.At(canvas, 1200, 700));
        var green = YuvColor.FromRgb(40, 160, 80);
        AssertNear(new YuvColor((byte)((green.Y + Blue.Y) / 2), (byte)((green.U + Blue.U) / 2), (byte)((green.V + Blue.V) / 2)), Pictures.At(canvas, 1000, 450), 2);
    }

    [Fact]
    public async Task SlotsChanged_PageMovesSlot_ReportsNewRect()
    {
        await using var renderer = Start(_pages.Add("/moving", TemplateTestPages.MovingSlot));
        _pages.Add("/layout", "{}");
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await renderer.Ready.WaitAsync(Patience);
        renderer.SlotsChanged += () =>
        {
            if (renderer.Slots is [{ Rect.X: 100 }])
            {
                changed.TrySetResult();
            }
        };

        await changed.Task.WaitAsync(Patience);

        Assert.Equal(new PixelRect(100, 200, 320, 180), Assert.Single(renderer.Slots).Rect);
        Assert.Equal(1, _pages.Hits("/layout"));
    }

    [Fact]
    public async Task Image_AnimatedPage_ManyDistinctFrames()
    {
        await using var renderer = Start(_pages.Add("/animated", TemplateTestPages.Animated));
        await renderer.Ready.WaitAsync(Patience);
        await WaitUntilAsync(() => renderer.Image is not null, "the first image");

        // Motion, not a rate (the machine is shared): many conversions, and the picture keeps changing.
        var hashes = new HashSet<string>();
        var firstCount = renderer.FramesCaptured;
        await WaitUntilAsync(
            () =>
            {
                hashes.Add(Hash(Drawn(renderer, Blue)));
                return renderer.FramesCaptured - firstCount >= 30 && hashes.Count >= 10;
            },
            "30 frames and 10 distinct pictures");
    }

    [Fact]
    public async Task Ready_PageAnswers404_FaultsNamingTheStatus()
    {
        var url = new Uri($"http://127.0.0.1:{_pages.Port}/missing");
        await using var renderer = Start(url);

        var failure = await Assert.ThrowsAsync<TemplateFailedException>(() => renderer.Ready.WaitAsync(Patience));

        Assert.Contains("404", failure.Message);
        Assert.Contains(url.ToString(), failure.Message);
    }

    [Fact]
    public async Task Ready_PageNeverReady_FaultsWithConsoleErrors()
    {
        await using var renderer = Start(_pages.Add("/never", TemplateTestPages.NeverReady), Settings(TimeSpan.FromSeconds(2)));

        var failure = await Assert.ThrowsAsync<TemplateFailedException>(() => renderer.Ready.WaitAsync(Patience));

        Assert.True(failure.Message.Contains("ready()", StringComparison.Ordinal), failure.Message);
        Assert.Contains("boom", failure.Message);
    }

    [Fact]
    public async Task Ready_UnreachableUrl_Faults()
    {
        var port = PageServer.FreePort(System.Net.IPAddress.Loopback);
        await using var renderer = Start(new Uri($"http://127.0.0.1:{port}/"), Settings(TimeSpan.FromSeconds(10)));

        var failure = await Assert.ThrowsAsync<TemplateFailedException>(() => renderer.Ready.WaitAsync(Patience));

        Assert.Contains("did not load", failure.Message);
    }

    [Fact]
    public async Task DisposeAsync_AfterReady_LeavesNoChromium()
    {
        var renderer = Start(_pages.Add("/layout", TemplateTestPages.Layout));
        await renderer.Ready.WaitAsync(Patience);
        var profile = ProfileOf(renderer.BrowserProcessId!.Value);
        Assert.NotEmpty(ProcessesNaming(profile));

        await renderer.DisposeAsync();

        Assert.Empty(ProcessesNaming(profile));
        Assert.False(Directory.Exists(profile));
    }

    private static void AssertNear(YuvColor expected, YuvColor actual, int tolerance)
    {
        Assert.True(
            Math.Abs(expected.Y - actual.Y) <= tolerance && Math.Abs(expected.U - actual.U) <= tolerance && Math.Abs(expected.V - actual.V) <= tolerance,
            $"expected {expected}, got {actual}");
    }
}
