using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;

namespace LiveServer.Api.Tests;

/// <summary>Faults stay inside the livestream they hit.</summary>
[Collection(FfmpegCollection.Name)]
public sealed class FailureTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task EncoderKilled_ThatLivestreamFailsWithReason_OtherKeepsGoing()
    {
        var victimRoom = await _client.CreateRoomAsync();
        var otherRoom = await _client.CreateRoomAsync();
        await using var victimStates = await _factory.RecordHlsStatesAsync(victimRoom);
        await using var otherStates = await _factory.RecordHlsStatesAsync(otherRoom);
        var victim = (await _client.StartHlsAsync(victimRoom, new { quality = "low" })).GetProperty("id").GetString()!;
        var other = (await _client.StartHlsAsync(otherRoom, new { mode = "audio" })).GetProperty("id").GetString()!;
        await victimStates.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        await otherStates.WaitForAsync("HLS_PLAYABLE", StateTimeout);

        var encoder = Assert.Single(FfmpegProcesses.WithArgument(victim));
        Process.GetProcessById(encoder).Kill();

        var failed = await victimStates.WaitForAsync("HLS_FAILED", StateTimeout);
        Assert.Contains("exited with code", failed.Reason, StringComparison.Ordinal);
        var stored = await _client.GetFromJsonAsync<JsonElement>($"/v2/hls/{victim}");
        Assert.Equal("HLS_FAILED", stored.GetProperty("status").GetString());
        Assert.Contains("exited with code", stored.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var victimPlaylist = await _client.GetStringAsync($"/hls/{victim}/index.m3u8");
        Assert.Contains("#EXTINF", victimPlaylist, StringComparison.Ordinal);
        Assert.EndsWith("#EXT-X-ENDLIST\n", victimPlaylist, StringComparison.Ordinal);

        var segmentsBefore = PlaylistText.SegmentCount(await _client.GetStringAsync($"/hls/{other}/index.m3u8"));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.True(PlaylistText.SegmentCount(await _client.GetStringAsync($"/hls/{other}/index.m3u8")) > segmentsBefore);
        Assert.Equal("HLS_PLAYABLE", (await _client.GetFromJsonAsync<JsonElement>($"/v2/hls/{other}")).GetProperty("status").GetString());

        // The failed room can stream again.
        var again = await _client.PostAsJsonAsync("/v2/hls/start", new { roomId = victimRoom, config = new { mode = "audio" } });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId = victimRoom });
        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId = otherRoom });
        await otherStates.WaitForAsync("HLS_STOPPED", StateTimeout);
    }

}

/// <summary>A server whose FFmpeg cannot be found says so and refuses what needs it.</summary>
public sealed class FfmpegMissingTests : IAsyncLifetime
{
    private readonly LiveServerFactory _factory = new(new() { ["Media:FfmpegPath"] = "/nonexistent/ffmpeg" });

    [Fact]
    public async Task Health_NoFfmpeg_Unhealthy()
    {
        var response = await _factory.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StartAndTestParticipant_NoFfmpeg_ServiceUnavailableSayingWhy()
    {
        var client = _factory.CreateClient();
        var roomId = await client.CreateRoomAsync();

        var start = await client.PostAsJsonAsync("/v2/hls/start", new { roomId });
        var participant = await client.PostAsJsonAsync($"/v2/rooms/{roomId}/test-participants", new { name = "A" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, start.StatusCode);
        Assert.Contains("FFmpeg was not found", (await start.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, participant.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v2/hls/{roomId}/active")).StatusCode);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();
}
