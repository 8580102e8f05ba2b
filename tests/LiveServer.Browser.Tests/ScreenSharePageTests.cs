using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;
using static Microsoft.Playwright.Assertions;

namespace LiveServer.Browser.Tests;

/// <summary>
/// publish.html with "Share screen" checked, in a real Chromium over real WebRTC. Headless Chromium
/// has no screen to pick, so only the picker is stubbed: getDisplayMedia returns a canvas painted
/// magenta. The livestream's SPOTLIGHT must show that screen share over the room's other host.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenSharePageTests(BrowserFixture browser, ServerFixture server, ITestOutputHelper output)
{
    private const string PreviewPlays =
        "() => { const v = document.getElementById('preview'); return v.srcObject !== null && v.videoWidth > 0 && v.currentTime > 0.3; }";

    private const string MagentaScreen = """
        navigator.mediaDevices.getDisplayMedia = async () => {
          const canvas = Object.assign(document.createElement('canvas'), { width: 640, height: 360 });
          const context = canvas.getContext('2d');
          const paint = () => { context.fillStyle = '#e020e0'; context.fillRect(0, 0, canvas.width, canvas.height); };
          paint();
          setInterval(paint, 66);
          return canvas.captureStream(15);
        };
        """;

    private const string CancelledPicker = """
        navigator.mediaDevices.getDisplayMedia = async () => { throw new DOMException('The user cancelled.', 'NotAllowedError'); };
        """;

    [Fact(Timeout = 180_000)]
    public async Task GoLive_ShareScreenInSpotlight_ScreenShareFillsTheCanvasAndIsListed()
    {
        var roomId = await server.CreateRoomAsync();
        await server.AddTestParticipantAsync(roomId, new { name = "Green", pattern = "color", color = "#20c020" });
        await using var publish = await browser.NewPageAsync(server.Server.BaseAddress, output);
        var page = publish.Page;
        await page.AddInitScriptAsync(MagentaScreen);
        try
        {
            await page.GotoAsync($"/publish.html?room={roomId}&name=Ann&token={TestTokens.Default}");
            await publish.WaitUntilAsync(PreviewPlays, TimeSpan.FromSeconds(15), "the camera preview plays");
            await page.GetByLabel("Share screen").CheckAsync();

            var request = await page.RunAndWaitForRequestAsync(
                () => page.Locator("#go-live").ClickAsync(),
                r => r.Method == "POST" && r.Url.Contains("/whip", StringComparison.Ordinal));
            var offer = request.PostData ?? "";
            Assert.Equal(2, offer.Split("m=video").Length - 1);
            Assert.Equal(1, offer.Split("a=content:slides").Length - 1);
            Assert.True(
                offer.IndexOf("a=content:slides", StringComparison.Ordinal) > offer.LastIndexOf("m=video", StringComparison.Ordinal),
                "the second video m-section is the one marked slides");
            await Expect(page.Locator("#state")).ToHaveTextAsync("Live", new() { Timeout = 30_000 });
            await Expect(page.Locator("#error")).ToBeHiddenAsync();
            await Expect(page.Locator("#screen-preview")).ToBeVisibleAsync();

            var before = await ScreenShareFramesAsync(roomId);
            await Task.Delay(TimeSpan.FromSeconds(2));
            var after = await ScreenShareFramesAsync(roomId);
            Assert.True(after > before, $"The screen share's frames rose: {before} -> {after}");

            await using var states = await server.Server.RecordHlsStatesAsync(roomId);
            var start = await server.Client.PostAsJsonAsync(
                "/v2/hls/start", new { roomId, config = new { layout = new { type = "SPOTLIGHT" }, quality = "low" } });
            Assert.True(start.IsSuccessStatusCode, await start.Content.ReadAsStringAsync());
            var playable = await states.WaitForAsync("HLS_PLAYABLE", TimeSpan.FromSeconds(40));
            await Task.Delay(TimeSpan.FromSeconds(5));
            await server.EndLivestreamAsync(roomId);
            await states.WaitForAsync("HLS_STOPPED", TimeSpan.FromSeconds(40));

            // Without the screen share the first joined host (green) would fill the spotlight.
            var frame = await Ffprobe.FrameAtAsync(playable.PlaybackHlsUrl!, 3.0, 640, 360);
            output.WriteLine($"centre {frame.At(320, 180)}");
            Assert.True(frame.IsNear(320, 180, 0xe0, 0x20, 0xe0), $"The centre is {frame.At(320, 180)}, not the screen share's magenta.");
        }
        finally
        {
            await server.EndLivestreamAsync(roomId);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task GoLive_PickerCancelled_GoesLiveWithTheCameraAndSaysSo()
    {
        var roomId = await server.CreateRoomAsync();
        await using var publish = await browser.NewPageAsync(server.Server.BaseAddress, output);
        var page = publish.Page;
        await page.AddInitScriptAsync(CancelledPicker);
        await page.GotoAsync($"/publish.html?room={roomId}&name=Ann&token={TestTokens.Default}");
        await publish.WaitUntilAsync(PreviewPlays, TimeSpan.FromSeconds(15), "the camera preview plays");
        await page.GetByLabel("Share screen").CheckAsync();

        var request = await page.RunAndWaitForRequestAsync(
            () => page.Locator("#go-live").ClickAsync(),
            r => r.Method == "POST" && r.Url.Contains("/whip", StringComparison.Ordinal));

        var offer = request.PostData ?? "";
        Assert.Equal(1, offer.Split("m=video").Length - 1);
        Assert.DoesNotContain("a=content:slides", offer, StringComparison.Ordinal);
        await Expect(page.Locator("#error")).ToContainTextAsync("camera only");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Live", new() { Timeout = 30_000 });
        await Expect(page.Locator("#screen-preview")).ToBeHiddenAsync();
    }

    /// <summary>Waits until the room's browser host lists a screen-share track; its frame count.</summary>
    private async Task<long> ScreenShareFramesAsync(string roomId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var host = (await server.ParticipantsAsync(roomId)).FirstOrDefault(p => p.GetProperty("kind").GetString() == "webrtc");
            if (host.ValueKind == JsonValueKind.Object && host.GetProperty("screenShare").ValueKind == JsonValueKind.Object)
            {
                return host.GetProperty("screenShare").GetProperty("frames").GetInt64();
            }

            Assert.True(DateTime.UtcNow < deadline, "The room lists no browser host with a screen share.");
            await Task.Delay(250);
        }
    }
}
