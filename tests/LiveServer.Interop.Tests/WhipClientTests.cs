using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;
using LiveServer.TestKit.Interop;

namespace LiveServer.Interop.Tests;

/// <summary>
/// Every common WHIP client, none of them ours, publishes with its default settings from a host of
/// the test's own (the client namespace) into a server with its default media settings: stock
/// Chromium (no loopback switch), Firefox ESR through the publish page, aiortc and GStreamer. Each
/// must reach the room with moving video and audible audio in the decoded HLS of a livestream.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class WhipClientTests(InteropServerFixture fixture, ITestOutputHelper output)
{
    // Mean absolute RGB difference per second of a moving picture is 1–7 here; a frozen one, re-encoded, about 0.2.
    private const double FrozenBelow = 0.6;

    [Fact(Timeout = 180_000)]
    public Task StockChromium_PublishPage_Publishes() =>
        PublishAsync("Chromium", (room, token) => Publishers.Chromium(fixture.Network, fixture.Server.BaseAddress, $"room={room}&name=Chromium&token={token}"));

    [Fact(Timeout = 180_000)]
    public Task FirefoxEsr_PublishPage_Publishes() =>
        PublishAsync("Firefox", (room, token) => Publishers.Firefox(fixture.Network, fixture.Server.BaseAddress, $"room={room}&name=Firefox&token={token}"));

    [Fact(Timeout = 180_000)]
    public Task Aiortc_Publishes() =>
        PublishAsync("Guest", (room, token) => Publishers.Aiortc(fixture.Network, WhipUrl(room), token));

    [Fact(Timeout = 180_000)]
    public Task GStreamerWebrtcbin_Publishes() =>
        PublishAsync("Guest", (room, token) => Publishers.GStreamer(fixture.Network, WhipUrl(room), token));

    private Uri WhipUrl(string room) => new(fixture.Server.BaseAddress, $"/v2/rooms/{room}/whip");

    private async Task PublishAsync(string name, Func<string, string, ClientProcess> start)
    {
        var client = fixture.Server.Client;
        var room = (await (await client.PostAsJsonAsync("/v2/rooms", new { })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("roomId").GetString()!;
        await using var publisher = start(room, TestTokens.Default);
        try
        {
            var participant = await WaitForMediaAsync(room, publisher);
            Assert.Equal(name, participant.GetProperty("name").GetString());
            var transport = participant.GetProperty("transport");
            output.WriteLine($"connect timeline (ms from the answer): {string.Join(", ", transport.EnumerateObject().Where(p => p.Name.StartsWith("connect", StringComparison.Ordinal)).Select(p => $"{p.Name}={p.Value}"))}");
            Assert.Equal(0, transport.GetProperty("decryptFailures").GetInt64());

            var playlist = await LivestreamAsync(room);
            var changes = await ChangePerSecondAsync(playlist);
            output.WriteLine($"mean picture change per second: {string.Join(" ", changes.Select(c => c.ToString("0.00", CultureInfo.InvariantCulture)))}");
            Assert.All(changes, change => Assert.True(change > FrozenBelow, $"the picture was frozen for a second: {string.Join(" ", changes)}"));
            var volume = await Ffprobe.MeanVolumeAsync(playlist);
            output.WriteLine($"mean volume: {volume:0.0} dB");
            Assert.True(volume > -45, $"the audio is silent ({volume:0.0} dB)");
        }
        catch
        {
            output.WriteLine("client output:\n" + publisher.Output);
            output.WriteLine("server output:\n" + fixture.Server.Output);
            throw;
        }
    }

    // The participant once its tracks carry frames: about 2 s of video and audio.
    private async Task<JsonElement> WaitForMediaAsync(string room, ClientProcess publisher)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(publisher.HasExited, "the client exited:\n" + publisher.Output);
            var participants = await fixture.Server.Client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{room}/participants");
            if (participants.GetArrayLength() == 1)
            {
                var p = participants[0];
                if (p.GetProperty("video").ValueKind == JsonValueKind.Object && p.GetProperty("audio").ValueKind == JsonValueKind.Object
                    && p.GetProperty("video").GetProperty("frames").GetInt64() > 60 && p.GetProperty("audio").GetProperty("frames").GetInt64() > 100)
                {
                    return p;
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("no video and audio frames arrived from the client:\n" + publisher.Output);
    }

    // A low-quality livestream of the room for about 7 s; returns its DVR playlist on disk.
    private async Task<string> LivestreamAsync(string room)
    {
        var client = fixture.Server.Client;
        var start = await client.PostAsJsonAsync("/v2/hls/start", new { roomId = room, config = new { quality = "low" } });
        Assert.True(start.IsSuccessStatusCode, await start.Content.ReadAsStringAsync());
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitForStatusAsync(id, "HLS_PLAYABLE");
        await Task.Delay(TimeSpan.FromSeconds(7));
        await client.PostAsJsonAsync("/v2/hls/end", new { roomId = room });
        await WaitForStatusAsync(id, "HLS_STOPPED");
        return Path.Combine(fixture.Server.StoragePath, id, "index.m3u8");
    }

    private async Task WaitForStatusAsync(string id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(40);
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = (await fixture.Server.Client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}")).GetProperty("status").GetString();
            if (last == status)
            {
                return;
            }

            Assert.NotEqual("HLS_FAILED", last);
            await Task.Delay(200);
        }

        throw new TimeoutException($"livestream {id} stayed {last}, never {status}");
    }

    // One tile fills the low-quality canvas (640x360); the change of the picture in each second from 1 s to 6 s.
    private static async Task<IReadOnlyList<double>> ChangePerSecondAsync(string playlist)
    {
        var changes = new List<double>();
        var previous = await Ffprobe.FrameAtAsync(playlist, 1.0, 640, 360);
        for (var second = 2; second <= 6; second++)
        {
            var frame = await Ffprobe.FrameAtAsync(playlist, second, 640, 360);
            long sum = 0;
            for (var i = 0; i < frame.Pixels.Length; i++)
            {
                sum += Math.Abs(frame.Pixels[i] - previous.Pixels[i]);
            }

            changes.Add(sum / (double)frame.Pixels.Length);
            previous = frame;
        }

        return changes;
    }
}
