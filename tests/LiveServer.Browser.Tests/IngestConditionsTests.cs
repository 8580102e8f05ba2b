using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;
using static Microsoft.Playwright.Assertions;

namespace LiveServer.Browser.Tests;

/// <summary>
/// A real Chromium publisher under conditions the default test leaves out: H.264 instead of VP8,
/// and inbound packet loss on purpose (the server's test switch), which NACK and PLI must repair.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IngestConditionsTests(BrowserFixture browser, ServerFixture server, ITestOutputHelper output)
{
    private const double FrozenBelow = 0.6;

    private const string PreviewPlays =
        "() => { const v = document.getElementById('preview'); return v.readyState >= 2 && v.videoWidth > 0; }";

    [Fact(Timeout = 180_000)]
    public async Task H264Publisher_DecodedIntoTheLivestream()
    {
        var result = await PublishAndStreamAsync(server.Server, "codec=h264");

        Assert.Equal("h264", result.Participant.GetProperty("video").GetProperty("codec").GetString());
        AssertNeverFrozen(result.ChangePerSecond);
    }

    [Fact(Timeout = 180_000)]
    public async Task FivePercentInboundLoss_NacksAndPlisRepairAndTheStreamKeepsDecoding()
    {
        await using var lossy = await ServerProcess.StartAsync(
            ("WebRtc__PublicAddresses__0", "127.0.0.1"), ("WebRtc__InboundRtpLossPercent", "5"));

        var result = await PublishAndStreamAsync(lossy, "");

        var transport = result.Participant.GetProperty("transport");
        output.WriteLine(transport.ToString());
        Assert.True(transport.GetProperty("droppedForTest").GetInt64() > 0, "the test switch dropped nothing");
        Assert.True(transport.GetProperty("nacksSent").GetInt64() > 0, "no NACK was sent");
        Assert.True(transport.GetProperty("retransmissions").GetInt64() > 0, "nothing was retransmitted");
        Assert.True(transport.GetProperty("plisSent").GetInt64() > 0, "no PLI was sent");
        Assert.True(transport.GetProperty("framesEmitted").GetInt64() > 100);
        AssertNeverFrozen(result.ChangePerSecond);
    }

    private async Task<(JsonElement Participant, IReadOnlyList<double> ChangePerSecond)> PublishAndStreamAsync(ServerProcess target, string query)
    {
        var client = target.Client;
        var roomId = (await (await client.PostAsJsonAsync("/v2/rooms", new { })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("roomId").GetString()!;
        await using var publish = await browser.NewPageAsync(target.BaseAddress, output);
        await publish.Page.GotoAsync($"/publish.html?room={roomId}&name=Cam&{query}&token={TestTokens.Default}");
        await publish.WaitUntilAsync(PreviewPlays, TimeSpan.FromSeconds(15), "the camera preview plays");
        await publish.Page.Locator("#go-live").ClickAsync();
        await Expect(publish.Page.Locator("#state")).ToHaveTextAsync("Live", new() { Timeout = 30_000 });

        await using var states = await target.RecordHlsStatesAsync(roomId);
        var start = await client.PostAsJsonAsync("/v2/hls/start", new { roomId, config = new { quality = "low" } });
        Assert.True(start.IsSuccessStatusCode, await start.Content.ReadAsStringAsync());
        var playable = await states.WaitForAsync("HLS_PLAYABLE", TimeSpan.FromSeconds(40));

        // 7 s: HLS_PLAYABLE now comes with the first parts (about a second of output, not two), and the
        // frames read below go up to 6 s; keep the second of margin past them the recording had.
        await Task.Delay(TimeSpan.FromSeconds(7));
        await client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", TimeSpan.FromSeconds(40));
        var participant = (await client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants"))[0];
        await publish.Page.Locator("#leave").ClickAsync();

        // One tile fills the low-quality canvas (640x360); the fake camera's clock and disc move.
        var changes = new List<double>();
        var previous = await Ffprobe.FrameAtAsync(playable.PlaybackHlsUrl!, 1.0, 640, 360);
        for (var second = 2; second <= 6; second++)
        {
            var frame = await Ffprobe.FrameAtAsync(playable.PlaybackHlsUrl!, second, 640, 360);
            changes.Add(MeanDifference(previous, frame));
            previous = frame;
        }

        output.WriteLine($"mean change per second: {string.Join(" ", changes.Select(c => c.ToString("0.00", CultureInfo.InvariantCulture)))}");
        return (participant, changes);
    }

    /// <summary>
    /// The picture moved in every second from 1 s to 6 s of the recording. The fake camera's motion
    /// changes the frame by about 1–7 (mean absolute RGB difference) per second; a frozen picture,
    /// re-encoded, by about 0.2.
    /// </summary>
    private static void AssertNeverFrozen(IReadOnlyList<double> changePerSecond) =>
        Assert.All(changePerSecond, change => Assert.True(change > FrozenBelow, $"the tile was frozen for a second (changes per second: {string.Join(" ", changePerSecond.Select(c => c.ToString("0.00", CultureInfo.InvariantCulture)))})"));

    private static double MeanDifference(RgbFrame a, RgbFrame b)
    {
        long sum = 0;
        for (var i = 0; i < a.Pixels.Length; i++)
        {
            sum += Math.Abs(a.Pixels[i] - b.Pixels[i]);
        }

        return sum / (double)a.Pixels.Length;
    }
}
