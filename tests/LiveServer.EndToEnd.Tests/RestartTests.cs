using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LiveServer.TestKit;

namespace LiveServer.EndToEnd.Tests;

/// <summary>
/// Nothing is lost across restarts: the server process stopped normally (SIGTERM) or killed
/// (SIGKILL) at a random point mid-stream, then started again on the same data folder.
/// </summary>
[Collection("server")]
public sealed partial class RestartTests : IDisposable
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "liveserver-e2e", "restart-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task NormalRestart_RoomsAndEndedLivestreamsRemain_PlaybackPlaysAsVod_EventsReplay()
    {
        string roomId, id, playbackUrl;
        long lastSeq;
        await using (var server = await ServerProcess.StartOnAsync(_data, ("Hls__SegmentDuration", "00:00:01")))
        {
            roomId = await CreateRoomAsync(server.Client);
            await AddParticipantAsync(server.Client, roomId, "Ann");
            await using var states = await server.RecordHlsStatesAsync(roomId);
            id = await StartAsync(server.Client, roomId);
            var playable = await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
            playbackUrl = playable.PlaybackHlsUrl!;
            await Task.Delay(TimeSpan.FromSeconds(3));
            var end = await server.Client.PostAsJsonAsync("/v2/hls/end", new { roomId });
            Assert.Equal("HLS_STOPPING", (await end.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
            await states.WaitForAsync("HLS_STOPPED", StateTimeout);
            lastSeq = (await EventsAsync(server.Client, roomId)).Max(e => e.Seq);
            Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(40)));
        }

        await using var again = await ServerProcess.StartOnAsync(_data, ("Hls__SegmentDuration", "00:00:01"));
        Assert.Equal(HttpStatusCode.OK, (await again.Client.GetAsync($"/v2/rooms/{roomId}")).StatusCode);
        var listed = await again.Client.GetFromJsonAsync<JsonElement>($"/v2/hls?roomId={roomId}");
        var livestream = Assert.Single(listed.GetProperty("data").EnumerateArray());
        Assert.Equal((id, "HLS_STOPPED"), (livestream.GetProperty("id").GetString(), livestream.GetProperty("status").GetString()));

        var vod = await again.Client.GetStringAsync(new Uri(playbackUrl).PathAndQuery.Replace("index.m3u8", "360p.m3u8", StringComparison.Ordinal));
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:VOD", vod, StringComparison.Ordinal);
        Assert.EndsWith("#EXT-X-ENDLIST\n", vod, StringComparison.Ordinal);
        var info = await Ffprobe.ProbeAsync(new Uri(again.BaseAddress, new Uri(playbackUrl).PathAndQuery).ToString());
        Assert.InRange(info.DurationSeconds, 2, 10);

        // The event log survived: every event once, numbered 1.. without gaps (the ones before the stop
        // and, from the stop, participantLeft and viewer counts); joining tells the newest number.
        var events = await EventsAsync(again.Client, roomId);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.True(events.Count > lastSeq);
        Assert.Equal(
            ["HLS_STARTING", "HLS_STARTED", "HLS_PLAYABLE", "HLS_STOPPING", "HLS_STOPPED"],
            events.Where(e => e.Type == "hlsStateChanged").Select(e => e.Data.GetProperty("status").GetString()));
        Assert.Equal(["participantJoined", "participantLeft"], events.Where(e => e.Type.StartsWith("participant", StringComparison.Ordinal)).Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(e.Seq, e.Data.GetProperty("seq").GetInt64()));
        await using var joined = await again.RecordHlsStatesAsync(roomId);
        Assert.True(joined.JoinedSeq >= events.Count);
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.7, true)]
    [InlineData(1.9, false)]
    public async Task Killed_MidStream_NextStartListsEverySegment_EndsPlaylists_FailsTheLivestream(double extraSeconds, bool unlistLastSegment)
    {
        string roomId, id;
        var killAfter = TimeSpan.FromSeconds(extraSeconds + Random.Shared.NextDouble() * 0.5);
        using var webhooks = new SignedWebhookReceiver("crash-test-secret");
        (string, string)[] settings =
        [
            ("Hls__SegmentDuration", "00:00:01"), ("Webhooks__Urls__0", webhooks.Url), ("Webhooks__AllowPrivateNetworks", "true"),
            ("Webhooks__Secret", "crash-test-secret"),
        ];
        await using (var server = await ServerProcess.StartOnAsync(_data, settings))
        {
            roomId = await CreateRoomAsync(server.Client);
            await AddParticipantAsync(server.Client, roomId, "Kim");
            await using var states = await server.RecordHlsStatesAsync(roomId);
            id = await StartAsync(server.Client, roomId, recording: true);
            var playable = await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);

            // Parts live in memory until their segment is complete; what is on disk is what a crash keeps.
            await PlaylistText.WaitForSegmentsAsync(server.Client, playable.PlaybackHlsUrl!, 1);
            await Task.Delay(killAfter);
            await server.KillAsync();
        }

        Assert.True(await FfmpegProcesses.WaitUntilGoneAsync(id, TimeSpan.FromSeconds(10)), "the killed server's encoder kept running");
        if (unlistLastSegment)
        {
            // The crash window made wide: the newest segment file is on disk, the playlist does not list
            // it yet, and a playlist write was cut short (its temporary file is left).
            var path = Path.Combine(_data, id, "360p.m3u8");
            var lines = (await File.ReadAllLinesAsync(path)).ToList();
            var last = lines.FindLastIndex(l => l.EndsWith(".m4s", StringComparison.Ordinal));
            lines.RemoveRange(last - 1, 2);
            await File.WriteAllLinesAsync(path, lines);
            await File.WriteAllTextAsync(path + ".tmp", "#EXTM3U\n#EXT-X-VER");
        }

        await using var again = await ServerProcess.StartOnAsync(_data, settings);

        var livestream = await again.Client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}");
        Assert.Equal("HLS_FAILED", livestream.GetProperty("status").GetString());
        Assert.Equal("server stopped unexpectedly", livestream.GetProperty("reason").GetString());
        var folder = Path.Combine(_data, id);
        foreach (var rendition in new[] { "360p" })
        {
            var playlist = await File.ReadAllTextAsync(Path.Combine(folder, rendition + ".m3u8"));
            Assert.EndsWith("#EXT-X-ENDLIST\n", playlist, StringComparison.Ordinal);
            Assert.Contains("#EXT-X-PLAYLIST-TYPE:VOD", playlist, StringComparison.Ordinal);
            var onDisk = Directory.EnumerateFiles(folder, rendition + "_*.m4s").Select(Path.GetFileName).Where(n => SegmentName().IsMatch(n!)).Order();
            var listedSegments = playlist.Split('\n').Where(l => l.EndsWith(".m4s", StringComparison.Ordinal)).Order();
            Assert.Equal(onDisk, listedSegments);
            Assert.NotEmpty(listedSegments);
        }

        Assert.Empty(Directory.EnumerateFiles(folder, "*.tmp"));
        if (unlistLastSegment)
        {
            Assert.Contains("rendition 360p: ", again.Output, StringComparison.Ordinal);
            Assert.Contains(" 1 recovered from disk", again.Output, StringComparison.Ordinal);
        }

        var info = await Ffprobe.ProbeAsync(new Uri(again.BaseAddress, $"/hls/{id}/index.m3u8").ToString());
        Assert.True(info.DurationSeconds > 0.5, $"recovered playback lasts {info.DurationSeconds} s");

        // The failure is an event of the room like any other, numbered after what the killed server stored.
        var events = await EventsAsync(again.Client, roomId);
        Assert.Equal(events.Select(e => e.Seq).Order(), events.Select(e => e.Seq));
        Assert.Equal(events.Count, events.Select(e => e.Seq).Distinct().Count());
        var failed = events.Last(e => e.Type == "hlsStateChanged");
        Assert.Equal(("HLS_FAILED", "server stopped unexpectedly"), (failed.Data.GetProperty("status").GetString(), failed.Data.GetProperty("reason").GetString()));

        // Its webhooks went out from the restarted server, signed; the recording was made from what the crash left.
        var failedHook = await webhooks.WaitForAsync("hls-failed", TimeSpan.FromSeconds(20));
        Assert.Equal((id, "server stopped unexpectedly"), (failedHook.GetProperty("id").GetString(), failedHook.GetProperty("reason").GetString()));
        var recordingHook = await webhooks.WaitForAsync("recording-available", TimeSpan.FromSeconds(60));
        Assert.Equal(id, recordingHook.GetProperty("livestreamId").GetString());
        var recordings = await again.Client.GetFromJsonAsync<JsonElement>($"/v2/recordings?roomId={roomId}");
        var recording = Assert.Single(recordings.GetProperty("data").EnumerateArray());
        Assert.Equal("available", recording.GetProperty("status").GetString());
        Assert.True(recording.GetProperty("durationSec").GetDouble() > 0.5);

        // The room is usable again: a new livestream starts in it.
        await AddParticipantAsync(again.Client, roomId, "Lee");
        await using var states2 = await again.RecordHlsStatesAsync(roomId);
        await StartAsync(again.Client, roomId);
        await states2.WaitForAsync("HLS_PLAYABLE", StateTimeout);
    }

    [Fact]
    public async Task CorruptDatabase_ServerRefusesToStart_WithOneLineNamingTheFile()
    {
        Directory.CreateDirectory(_data);
        var database = Path.Combine(_data, "liveserver.db");
        var garbage = string.Concat(Enumerable.Repeat("this is not an SQLite database; ", 300));
        await File.WriteAllTextAsync(database, garbage);

        var (exitCode, output, error) = await ServerProcess.RunToExitAsync(
            ["--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string?>
            {
                ["Storage__Database"] = database,
                ["Hls__StoragePath"] = _data,
                ["Auth__Secret"] = TestTokens.Secret,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
            TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains(database, StringComparison.Ordinal));
        Assert.Contains("Restore it from a backup, or move it away", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output + error, StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllTextAsync(database));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static async Task<List<(long Seq, string Type, JsonElement Data)>> EventsAsync(HttpClient client, string roomId)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/events?since=0&limit=1000");
        return [.. page.GetProperty("data").EnumerateArray().Select(e => (e.GetProperty("seq").GetInt64(), e.GetProperty("type").GetString()!, e.GetProperty("data")))];
    }

    private static async Task<string> CreateRoomAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/v2/rooms", new { });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roomId").GetString()!;
    }

    private static async Task AddParticipantAsync(HttpClient client, string roomId, string name) =>
        Assert.Equal(
            HttpStatusCode.Created,
            (await client.PostAsJsonAsync($"/v2/rooms/{roomId}/test-participants", new { name, width = 320, height = 180 })).StatusCode);

    private static async Task<string> StartAsync(HttpClient client, string roomId, bool recording = false)
    {
        var start = await client.PostAsJsonAsync("/v2/hls/start", new { roomId, config = new { quality = "low", recording = new { enabled = recording } } });
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        return (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    [GeneratedRegex("^[a-z0-9]+_[0-9]{5}\\.m4s$")]
    private static partial Regex SegmentName();
}
