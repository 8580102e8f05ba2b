using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;

namespace LiveServer.Api.Tests;

/// <summary>
/// The LL-HLS origin over HTTP (RFC 8216bis section 6.2.5.2), against a real encoder: a blocking
/// playlist request is held until its part exists and then answered at once, requests too far ahead
/// and malformed directives are refused with a reason, a hinted part is held until it exists, a held
/// request is answered with the final playlist when the livestream ends, and one client cannot hold
/// more than Hls:MaxHeldRequestsPerClient requests.
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed class BlockingReloadTests : IAsyncDisposable
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);
    private readonly LiveServerFactory _factory = new(new() { ["Hls:MaxHeldRequestsPerClient"] = "2" });
    private readonly HttpClient _client;

    public BlockingReloadTests() => _client = _factory.CreateClient();

    [Fact]
    public async Task NextPart_IsHeldUntilItExists_ThenListedWithItsHint()
    {
        await using var live = await StartAudioAsync();
        var playlist = await _client.GetStringAsync(live.Media);
        var (sequence, part) = NextPart(playlist);

        var held = _client.GetAsync($"{live.Media}?_HLS_msn={sequence}&_HLS_part={part}");
        var response = await held;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains($"URI=\"audio_{sequence:D5}_{part}.m4s\"", text, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=", text, StringComparison.Ordinal);
        Assert.Contains("max-age", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal("application/vnd.apple.mpegurl", response.Content.Headers.ContentType?.MediaType);

        // The part itself is served from memory and never changes.
        var partResponse = await _client.GetAsync($"/hls/{live.Id}/audio_{sequence:D5}_{part}.m4s");
        Assert.Equal(HttpStatusCode.OK, partResponse.StatusCode);
        Assert.Contains("immutable", partResponse.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal("moof", System.Text.Encoding.ASCII.GetString((await partResponse.Content.ReadAsByteArrayAsync()).AsSpan(4, 4)));
    }

    [Fact]
    public async Task HintedPart_IsHeldUntilItExists()
    {
        await using var live = await StartAudioAsync();
        var hint = PlaylistText.PreloadHint(await _client.GetStringAsync(live.Media));

        var response = await _client.GetAsync($"/hls/{live.Id}/{hint}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100);
        Assert.Contains(hint, await _client.GetStringAsync(live.Media), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("_HLS_msn=abc", "_HLS_msn must be")]
    [InlineData("_HLS_msn=-1", "_HLS_msn must be")]
    [InlineData("_HLS_msn=1&_HLS_msn=2", "_HLS_msn must be")]
    [InlineData("_HLS_part=1", "_HLS_part needs _HLS_msn")]
    [InlineData("_HLS_msn=1&_HLS_part=x", "_HLS_part must be")]
    [InlineData("_HLS_skip=NO", "_HLS_skip must be")]
    [InlineData("_HLS_msn=99999", "too far ahead")]
    public async Task BadDirectives_400WithTheReason(string query, string reason)
    {
        await using var live = await StartAudioAsync();

        var response = await _client.GetAsync($"{live.Media}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOrFarPart_404()
    {
        await using var live = await StartAudioAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/hls/{live.Id}/audio_09999_0.m4s")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/hls/{live.Id}/720p_00000_0.m4s")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/hls/{live.Id}/audio_00099.m4s")).StatusCode);
    }

    [Fact]
    public async Task HeldRequest_WhenTheLivestreamEnds_GetsTheFinalPlaylist_AndHeldRequestsAreCapped()
    {
        await using var live = await StartAudioAsync();
        // Two segments past the last complete one: the most the spec allows, and held (about 2–4 s),
        // long enough to end the livestream meanwhile.
        var playlist = await _client.GetStringAsync(live.Media);
        for (var i = 0; i < 50 && PlaylistText.SegmentCount(playlist) == 0; i++)
        {
            await Task.Delay(100);
            playlist = await _client.GetStringAsync(live.Media);
        }

        var lastComplete = long.Parse(PlaylistText.Uris(playlist)[^1]["audio_".Length..^".m4s".Length], System.Globalization.CultureInfo.InvariantCulture);
        var ahead = lastComplete + 2;
        var first = _client.GetAsync($"{live.Media}?_HLS_msn={ahead}");
        var second = _client.GetAsync($"{live.Media}?_HLS_msn={ahead}&_HLS_part=1");
        await WaitUntilHeldAsync(2);
        var third = await _client.GetAsync($"{live.Media}?_HLS_msn={ahead}");
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.False(first.IsCompleted);

        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId = live.RoomId });
        foreach (var held in new[] { await first, await second })
        {
            Assert.Equal(HttpStatusCode.OK, held.StatusCode);
            Assert.EndsWith("#EXT-X-ENDLIST\n", await held.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await live.States.WaitForAsync("HLS_STOPPED", StateTimeout);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task WaitUntilHeldAsync(int count)
    {
        var limiter = _factory.Services.GetService(typeof(Livestreams.HeldRequestLimiter)) as Livestreams.HeldRequestLimiter;
        for (var i = 0; i < 100 && limiter!.Held("unknown") < count; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(count, limiter!.Held("unknown"));
    }

    /// <summary>The part after the last listed one: the segment and index the preload hint names.</summary>
    private static (long Sequence, int Part) NextPart(string playlist) => PlaylistText.PartNumbers(PlaylistText.PreloadHint(playlist));

    private async Task<RunningLivestream> StartAudioAsync()
    {
        var roomId = await _client.CreateRoomAsync();
        var states = await _factory.RecordHlsStatesAsync(roomId);
        var id = (await _client.StartHlsAsync(roomId, new { mode = "audio" })).GetProperty("id").GetString()!;
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        return new RunningLivestream(_client, roomId, id, $"/hls/{id}/audio_live.m3u8", states);
    }

    private sealed record RunningLivestream(HttpClient Client, string RoomId, string Id, string Media, HlsStateRecorder States) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Client.PostAsJsonAsync("/v2/hls/end", new { roomId = RoomId });
            await States.DisposeAsync();
        }
    }
}
