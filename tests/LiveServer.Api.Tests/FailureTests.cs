using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;
using SkiaSharp;

namespace LiveServer.Api.Tests;

/// <summary>Faults stay inside the livestream they hit.</summary>
[Collection(FfmpegCollection.Name)]
public sealed class FailureTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task EncoderKilled_RestartedWithDiscontinuity_StaysPlayable_OtherKeepsGoing()
    {
        await using var streams = await StartVictimAndOtherAsync(new { quality = "low" });
        var ticksBefore = (await StatsAsync(streams.Victim)).GetProperty("ticks").GetInt64();

        var encoder = Assert.Single(FfmpegProcesses.WithArgument(streams.Victim));
        Process.GetProcessById(encoder).Kill();

        var playlist = await WaitForPlaylistAsync(streams.Victim, "360p.m3u8", p => SegmentsAfterDiscontinuity(p) >= 2);
        Assert.Single(Lines(playlist), l => l == "#EXT-X-DISCONTINUITY");
        var names = PlaylistText.Uris(playlist);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.All(names, n => Assert.True(new FileInfo(Path.Combine(_factory.StoragePath, streams.Victim, n)).Length > 0, n));
        Assert.Contains("#EXT-X-DISCONTINUITY", await _client.GetStringAsync($"/hls/{streams.Victim}/360p_live.m3u8"), StringComparison.Ordinal);
        var restarted = Assert.Single(FfmpegProcesses.WithArgument(streams.Victim));
        Assert.NotEqual(encoder, restarted);
        Assert.Equal(["HLS_STARTING", "HLS_STARTED", "HLS_PLAYABLE"], streams.VictimStates.Seen.Select(s => s.Status));
        var stored = await _client.GetFromJsonAsync<JsonElement>($"/v2/hls/{streams.Victim}");
        Assert.Equal("HLS_PLAYABLE", stored.GetProperty("status").GetString());
        var stats = stored.GetProperty("stats");
        Assert.Equal(1, stats.GetProperty("encoderRestarts").GetInt32());
        Assert.True(stats.GetProperty("ticks").GetInt64() > ticksBefore);
        Assert.True(stats.GetProperty("segments").GetInt32() >= names.Count);
        Assert.True(stats.GetProperty("lateTicks").GetInt64() >= 0);

        await AssertOtherGoesOnAsync(streams.Other);
        Assert.Equal(0, (await StatsAsync(streams.Other)).GetProperty("encoderRestarts").GetInt32());

        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId = streams.VictimRoom });
        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId = streams.OtherRoom });
        await streams.VictimStates.WaitForAsync("HLS_STOPPED", StateTimeout);
        await streams.OtherStates.WaitForAsync("HLS_STOPPED", StateTimeout);
        Assert.EndsWith("#EXT-X-ENDLIST\n", await _client.GetStringAsync($"/hls/{streams.Victim}/360p.m3u8"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EncoderKilledBeyondRestartLimit_FailsWithReasonAndRestartCount_PlaylistEnded()
    {
        await using var factory = new LiveServerFactory(new() { ["Media:EncoderRestartLimit"] = "1" });
        var client = factory.CreateClient();
        var roomId = await client.CreateRoomAsync();
        await using var states = await factory.RecordHlsStatesAsync(roomId);
        var id = (await client.StartHlsAsync(roomId, new { mode = "audio" })).GetProperty("id").GetString()!;
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);

        var first = Assert.Single(FfmpegProcesses.WithArgument(id));
        Process.GetProcessById(first).Kill();
        await WaitForPlaylistAsync(id, "audio.m3u8", p => SegmentsAfterDiscontinuity(p) >= 1, client);
        var second = Assert.Single(FfmpegProcesses.WithArgument(id));
        Assert.NotEqual(first, second);
        Process.GetProcessById(second).Kill();

        var failed = await states.WaitForAsync("HLS_FAILED", StateTimeout);
        Assert.Contains("exited with code", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("restarted 1 times", failed.Reason, StringComparison.Ordinal);
        var stored = await client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}");
        Assert.Equal("HLS_FAILED", stored.GetProperty("status").GetString());
        Assert.Equal(failed.Reason, stored.GetProperty("reason").GetString());
        Assert.Equal(1, stored.GetProperty("stats").GetProperty("encoderRestarts").GetInt32());
        var playlist = await client.GetStringAsync($"/hls/{id}/audio.m3u8");
        Assert.Contains("#EXT-X-DISCONTINUITY", playlist, StringComparison.Ordinal);
        Assert.EndsWith("#EXT-X-ENDLIST\n", playlist, StringComparison.Ordinal);
        Assert.True(await FfmpegProcesses.WaitUntilGoneAsync(id, StateTimeout));

        // The failed room can stream again.
        var again = await client.PostAsJsonAsync("/v2/hls/start", new { roomId, config = new { mode = "audio" } });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        Assert.True(await FfmpegProcesses.WaitUntilGoneAsync((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!, StateTimeout));
    }

    [Fact]
    public async Task SegmentFolderFull_FailsSayingNoSpace_EarlierSegmentsKept_ServerAndOthersGoOn()
    {
        await using var streams = await StartVictimAndOtherAsync(new { quality = "low" });

        // Root ignores file modes, so the disk is made full for real: the next segment files are written
        // through a temporary file that leads to /dev/full (ENOSPC).
        var folder = Path.Combine(_factory.StoragePath, streams.Victim);
        var listed = PlaylistText.Uris(await WaitForPlaylistAsync(streams.Victim, "360p.m3u8", p => PlaylistText.SegmentCount(p) >= 1));
        var last = int.Parse(listed[^1][5..^4], System.Globalization.CultureInfo.InvariantCulture);
        for (var n = last + 2; n < last + 12; n++)
        {
            var path = Path.Combine(folder, $"360p_{n:00000}.m4s.tmp");
            if (!File.Exists(path))
            {
                File.CreateSymbolicLink(path, "/dev/full");
            }
        }

        var failed = await streams.VictimStates.WaitForAsync("HLS_FAILED", StateTimeout);
        Assert.Contains("No space left on device", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(0, (await StatsAsync(streams.Victim)).GetProperty("encoderRestarts").GetInt32());
        var playlist = await _client.GetStringAsync($"/hls/{streams.Victim}/360p.m3u8");
        Assert.EndsWith("#EXT-X-ENDLIST\n", playlist, StringComparison.Ordinal);
        var names = PlaylistText.Uris(playlist);
        Assert.Equal(listed, names.Take(listed.Count));
        Assert.All(names, n =>
        {
            var file = new FileInfo(Path.Combine(folder, n));
            Assert.True(file.LinkTarget is null && file.Length > 0, $"{n} is listed but not a written segment");
        });

        await AssertOtherGoesOnAsync(streams.Other);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/v2/rooms/{streams.VictimRoom}")).StatusCode);
        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId = streams.OtherRoom });
        await streams.OtherStates.WaitForAsync("HLS_STOPPED", StateTimeout);
    }

    [Fact]
    public async Task PlaylistCannotBeWritten_FailsSayingNoSpace_EarlierPlaylistKept_OthersGoOn()
    {
        await using var streams = await StartVictimAndOtherAsync(new { mode = "audio" });

        await WaitForPlaylistAsync(streams.Victim, "audio.m3u8", p => PlaylistText.SegmentCount(p) >= 1);
        File.CreateSymbolicLink(Path.Combine(_factory.StoragePath, streams.Victim, "audio.m3u8.tmp"), "/dev/full");

        var failed = await streams.VictimStates.WaitForAsync("HLS_FAILED", StateTimeout);
        Assert.Contains("Could not write the livestream's files", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("No space left on device", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(_factory.StoragePath, failed.Reason, StringComparison.Ordinal);
        var playlist = await _client.GetStringAsync($"/hls/{streams.Victim}/audio.m3u8");
        var names = PlaylistText.Uris(playlist);
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.True(new FileInfo(Path.Combine(_factory.StoragePath, streams.Victim, n)).Length > 0, n));
        Assert.True(await FfmpegProcesses.WaitUntilGoneAsync(streams.Victim, StateTimeout));

        await AssertOtherGoesOnAsync(streams.Other);
        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId = streams.OtherRoom });
        await streams.OtherStates.WaitForAsync("HLS_STOPPED", StateTimeout);
    }

    [Fact]
    public async Task DecoderKilled_PictureRecovers_LivestreamUntouched()
    {
        var roomId = await _client.CreateRoomAsync();
        await _client.AddTestParticipantAsync(roomId, new { name = "Green Tile", pattern = "color", color = "#20c040", width = 336, height = 188 });
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        var id = (await _client.StartHlsAsync(roomId, new { quality = "low", layout = new { type = "SPOTLIGHT" } })).GetProperty("id").GetString()!;
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        await WaitForCentreAsync(roomId, IsGreen, "the participant's picture");

        // The decoder is found by its scale filter: the participant's own size, which no other process here uses.
        var decoder = Assert.Single(FfmpegProcesses.WithArgument("scale=336:188"));
        Process.GetProcessById(decoder).Kill();

        var deadline = DateTime.UtcNow + StateTimeout;
        IReadOnlyList<int> decoders;
        while (((decoders = FfmpegProcesses.WithArgument("scale=336:188")).Count != 1 || decoders[0] == decoder) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.NotEqual(decoder, Assert.Single(decoders));
        await WaitForCentreAsync(roomId, IsGreen, "the participant's picture after the decoder restarted");
        var stored = await _client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}");
        Assert.Equal("HLS_PLAYABLE", stored.GetProperty("status").GetString());
        Assert.Equal(0, stored.GetProperty("stats").GetProperty("encoderRestarts").GetInt32());
        Assert.Equal(["HLS_STARTING", "HLS_STARTED", "HLS_PLAYABLE"], states.Seen.Select(s => s.Status));
        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
    }

    private static bool IsGreen(SKColor pixel) => Math.Abs(pixel.Red - 0x20) <= 30 && Math.Abs(pixel.Green - 0xc0) <= 30 && Math.Abs(pixel.Blue - 0x40) <= 30;

    private async Task WaitForCentreAsync(string roomId, Func<SKColor, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + StateTimeout;
        SKColor pixel;
        do
        {
            var response = await _client.PostAsJsonAsync("/v2/hls/capture", new { roomId });
            using var image = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
            pixel = image.GetPixel(image.Width / 2, image.Height / 2);
            if (condition(pixel))
            {
                return;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"No {what} in the capture: the centre stayed {pixel}");
    }

    /// <summary>
    /// Two rooms with a playable livestream each: the victim (<paramref name="victimConfig"/>), which the
    /// test harms, and an audio-only one that must go on; their state recorders are disposed with it.
    /// </summary>
    private async Task<VictimAndOther> StartVictimAndOtherAsync(object victimConfig)
    {
        var victimRoom = await _client.CreateRoomAsync();
        var otherRoom = await _client.CreateRoomAsync();
        var victimStates = await _factory.RecordHlsStatesAsync(victimRoom);
        var otherStates = await _factory.RecordHlsStatesAsync(otherRoom);
        var victim = (await _client.StartHlsAsync(victimRoom, victimConfig)).GetProperty("id").GetString()!;
        var other = (await _client.StartHlsAsync(otherRoom, new { mode = "audio" })).GetProperty("id").GetString()!;
        await victimStates.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        await otherStates.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        return new VictimAndOther(victimRoom, otherRoom, victim, other, victimStates, otherStates);
    }

    private sealed record VictimAndOther(
        string VictimRoom, string OtherRoom, string Victim, string Other, HlsStateRecorder VictimStates, HlsStateRecorder OtherStates)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await VictimStates.DisposeAsync();
            await OtherStates.DisposeAsync();
        }
    }

    private async Task AssertOtherGoesOnAsync(string other)
    {
        var before = PlaylistText.SegmentCount(await _client.GetStringAsync($"/hls/{other}/audio.m3u8"));
        await WaitForPlaylistAsync(other, "audio.m3u8", p => PlaylistText.SegmentCount(p) > before);
        Assert.Equal("HLS_PLAYABLE", (await _client.GetFromJsonAsync<JsonElement>($"/v2/hls/{other}")).GetProperty("status").GetString());
    }

    private async Task<JsonElement> StatsAsync(string id) =>
        (await _client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}")).GetProperty("stats");

    private async Task<string> WaitForPlaylistAsync(string id, string file, Func<string, bool> condition, HttpClient? client = null)
    {
        var deadline = DateTime.UtcNow + StateTimeout;
        string playlist;
        do
        {
            playlist = await (client ?? _client).GetStringAsync($"/hls/{id}/{file}");
            if (condition(playlist))
            {
                return playlist;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"The playlist never met the condition:\n{playlist}");
        return playlist;
    }

    private static string[] Lines(string playlist) => playlist.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static int SegmentsAfterDiscontinuity(string playlist)
    {
        var lines = Lines(playlist);
        var at = Array.IndexOf(lines, "#EXT-X-DISCONTINUITY");
        return at < 0 ? 0 : lines.Skip(at).Count(l => l.StartsWith("#EXTINF", StringComparison.Ordinal));
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
