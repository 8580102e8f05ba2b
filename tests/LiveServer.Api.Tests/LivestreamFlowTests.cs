using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;

namespace LiveServer.Api.Tests;

/// <summary>
/// Whole livestreams through the in-memory host with real FFmpeg: states over SignalR, playlists
/// over HTTP, what the encoded stream contains.
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed class LivestreamFlowTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task StartThenEnd_FiveStatesInOrderOnce_PlaylistsCompleteAndNoProcessLeft()
    {
        var roomId = await _client.CreateRoomAsync();
        await _client.AddTestParticipantAsync(roomId, new { name = "Ann", width = 320, height = 180 });
        await _client.AddTestParticipantAsync(roomId, new { name = "Ben", pattern = "color", color = "#2060c0", width = 320, height = 180 });
        await using var states = await _factory.RecordHlsStatesAsync(roomId);

        var started = await _client.StartHlsAsync(roomId, new { quality = "low", theme = "LIGHT" });
        var id = started.GetProperty("id").GetString()!;
        Assert.Equal(roomId, started.GetProperty("roomId").GetString());
        Assert.Equal("HLS_STARTING", started.GetProperty("status").GetString());
        Assert.EndsWith($"/hls/{id}/index.m3u8", started.GetProperty("playbackHlsUrl").GetString(), StringComparison.Ordinal);
        Assert.EndsWith($"/hls/{id}/live.m3u8", started.GetProperty("livestreamUrl").GetString(), StringComparison.Ordinal);

        var playable = await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        Assert.Equal(started.GetProperty("playbackHlsUrl").GetString(), playable.PlaybackHlsUrl);
        Assert.Equal(started.GetProperty("livestreamUrl").GetString(), playable.LivestreamUrl);
        var live = await _client.GetAsync($"/hls/{id}/live.m3u8");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("application/vnd.apple.mpegurl", live.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", live.Headers.CacheControl?.ToString());
        using var fromPlayer = new HttpRequestMessage(HttpMethod.Get, $"/hls/{id}/index.m3u8") { Headers = { { "Origin", "https://player.example" } } };
        var crossOrigin = await _client.SendAsync(fromPlayer);
        Assert.Equal("*", Assert.Single(crossOrigin.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("HLS_PLAYABLE", (await _client.GetFromJsonAsync<JsonElement>($"/v2/hls/{roomId}/active")).GetProperty("status").GetString());

        await Task.Delay(TimeSpan.FromSeconds(4));
        var end = await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        Assert.Equal(HttpStatusCode.OK, end.StatusCode);
        Assert.Equal("HLS_STOPPING", (await end.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        // The encoder is still finishing its last segment: a new start is refused until it has.
        var tooSoon = await _client.PostAsJsonAsync("/v2/hls/start", new { roomId });
        Assert.Equal(HttpStatusCode.Conflict, tooSoon.StatusCode);
        Assert.Contains("still stopping", (await tooSoon.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("2", tooSoon.Headers.GetValues("Retry-After").Single());
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);

        var history = (await _client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}/status-changes")).EnumerateArray().ToList();
        Assert.Equal(["HLS_STARTING", "HLS_STARTED", "HLS_PLAYABLE", "HLS_STOPPING", "HLS_STOPPED"], history.Select(c => c.GetProperty("status").GetString()));
        Assert.Equal(history.Select(c => c.GetProperty("at").GetDateTimeOffset()).Order(), history.Select(c => c.GetProperty("at").GetDateTimeOffset()));
        var seen = states.Seen.Where(s => s.Id == id).ToList();
        Assert.Equal(["HLS_STARTING", "HLS_STARTED", "HLS_PLAYABLE", "HLS_STOPPING", "HLS_STOPPED"], seen.Select(s => s.Status));
        Assert.Equal(seen.Select(s => s.Seq).Order(), seen.Select(s => s.Seq));
        Assert.True(seen[0].Seq > states.JoinedSeq, $"the first state's seq {seen[0].Seq} is not after the joined seq {states.JoinedSeq}");
        var multivariant = await _client.GetStringAsync($"/hls/{id}/index.m3u8");
        Assert.Contains("RESOLUTION=640x360,FRAME-RATE=30.000,CODECS=\"avc1.", multivariant, StringComparison.Ordinal);
        Assert.Equal(["360p.m3u8"], PlaylistText.Uris(multivariant));
        var playlist = await _client.GetStringAsync($"/hls/{id}/360p.m3u8");
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:VOD", playlist, StringComparison.Ordinal);
        Assert.EndsWith("#EXT-X-ENDLIST\n", playlist, StringComparison.Ordinal);
        var stored = await _client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}");
        Assert.Equal("HLS_STOPPED", stored.GetProperty("status").GetString());
        var ran = (stored.GetProperty("end").GetDateTimeOffset() - stored.GetProperty("start").GetDateTimeOffset()).TotalSeconds;
        Assert.InRange(PlaylistText.DurationSeconds(playlist), ran - 2, ran + 2);
        Assert.True(await FfmpegProcesses.WaitUntilGoneAsync(id, TimeSpan.FromSeconds(10)), "an FFmpeg process of the livestream is still running");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/v2/hls/{roomId}/active")).StatusCode);
        var listed = await _client.GetFromJsonAsync<JsonElement>($"/v2/hls?roomId={roomId}");
        Assert.Equal(id, listed.GetProperty("data")[0].GetProperty("id").GetString());

        var segment = PlaylistText.Uris(playlist)[0];
        var segmentResponse = await _client.GetAsync($"/hls/{id}/{segment}");
        Assert.Equal("video/iso.segment", segmentResponse.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-age", segmentResponse.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var info = await Ffprobe.ProbeAsync(Path.Combine(_factory.StoragePath, id, "index.m3u8"));
        Assert.Equal(("h264", 640, 360), (info.Video!.Codec, info.Video.Width, info.Video.Height));
        Assert.Equal(("aac", 48000), (info.Audio!.Codec, info.Audio.SampleRate));
    }

    [Fact]
    public async Task Start_WhileRunning_ConflictAndFirstKeepsRunning()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        var first = await _client.StartHlsAsync(roomId, new { mode = "audio" });

        var second = await _client.PostAsJsonAsync("/v2/hls/start", new { roomId });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("roomId", (await second.ProblemAsync()).ErrorFields());
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        var active = await _client.GetFromJsonAsync<JsonElement>($"/v2/hls/{roomId}/active");
        Assert.Equal(first.GetProperty("id").GetString(), active.GetProperty("id").GetString());
        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
    }

    [Fact]
    public async Task AudioMode_AacOnlyWithTheParticipantsTone()
    {
        var roomId = await _client.CreateRoomAsync();
        await _client.AddTestParticipantAsync(roomId, new { name = "Tone", width = 160, height = 90, fps = 10, toneHz = 660 });
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        var id = (await _client.StartHlsAsync(roomId, new { mode = "audio" })).GetProperty("id").GetString()!;
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);

        var playlist = Path.Combine(_factory.StoragePath, id, "index.m3u8");
        var info = await Ffprobe.ProbeAsync(playlist);
        Assert.Null(info.Video);
        Assert.Equal("aac", info.Audio!.Codec);
        Assert.InRange(await Ffprobe.MeanVolumeAsync(playlist), -30, -3);
    }

    [Fact]
    public async Task JoinAndLeaveWhileLive_GridAdaptsWithoutGap()
    {
        var roomId = await _client.CreateRoomAsync();
        var red = await _client.AddTestParticipantAsync(roomId, new { name = "R", pattern = "color", color = "#e02020", width = 320, height = 180 });
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        var id = (await _client.StartHlsAsync(roomId, new { quality = "low", theme = "DARK" })).GetProperty("id").GetString()!;
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var joinedAt = PlaylistText.DurationSeconds(await _client.GetStringAsync($"/hls/{id}/360p.m3u8"));
        await _client.AddTestParticipantAsync(roomId, new { name = "G", pattern = "color", color = "#20c020", width = 320, height = 180 });
        await Task.Delay(TimeSpan.FromSeconds(4));
        var leftAt = PlaylistText.DurationSeconds(await _client.GetStringAsync($"/hls/{id}/360p.m3u8"));
        await _client.DeleteAsync($"/v2/rooms/{roomId}/participants/{red}");
        await Task.Delay(TimeSpan.FromSeconds(4));
        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);

        var playlistPath = Path.Combine(_factory.StoragePath, id, "360p.m3u8");
        var playlist = await File.ReadAllTextAsync(playlistPath);
        Assert.DoesNotContain("DISCONTINUITY", playlist, StringComparison.Ordinal);
        var info = await Ffprobe.ProbeAsync(playlistPath);
        Assert.InRange(info.DurationSeconds, PlaylistText.DurationSeconds(playlist) - 1, PlaylistText.DurationSeconds(playlist) + 1);

        // One red tile at first; red left and green right after the join (landscape, two side by side); green alone at the end.
        var before = await Ffprobe.FrameAtAsync(playlistPath, Math.Max(0.5, joinedAt - 1), 640, 360);
        Assert.True(before.IsNear(320, 180, 0xe0, 0x20, 0x20), $"centre before the join was {before.At(320, 180)}");
        var both = await Ffprobe.FrameAtAsync(playlistPath, leftAt - 0.5, 640, 360);
        Assert.True(both.IsNear(160, 180, 0xe0, 0x20, 0x20), $"left tile was {both.At(160, 180)}");
        Assert.True(both.IsNear(480, 180, 0x20, 0xc0, 0x20), $"right tile was {both.At(480, 180)}");
        var after = await Ffprobe.FrameAtAsync(playlistPath, PlaylistText.DurationSeconds(playlist) - 1, 640, 360);
        Assert.True(after.IsNear(320, 180, 0x20, 0xc0, 0x20), $"centre after the leave was {after.At(320, 180)}");
    }
}
