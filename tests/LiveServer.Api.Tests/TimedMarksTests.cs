using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.Api.Livestreams;
using LiveServer.Hls.Origin;
using LiveServer.Hls.Playlists;
using LiveServer.TestKit;

namespace LiveServer.Api.Tests;

/// <summary>
/// Polls on the livestream timeline: a poll opened and closed while a livestream runs is an
/// <c>#EXT-X-DATERANGE</c> (RFC 8216bis section 4.4.5.1) in every rendition's media playlists, placed
/// among the segments' PROGRAM-DATE-TIMEs, and stays in the VOD playlists written at the end.
/// Real FFmpeg, a two-rendition ladder. After a crash, the recovered playlists keep the ranges the
/// last written playlists had (those marked after the last segment closed are lost).
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed class TimedMarksTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task PollOpenedAndClosed_DateRangeInEveryRenditionBetweenSegments_AndInTheVodPlaylists()
    {
        var roomId = await _client.CreateRoomAsync();
        await _client.AddTestParticipantAsync(roomId, new { name = "Ann", width = 320, height = 180 });
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        var started = await _client.StartHlsAsync(roomId, new { quality = "med" });
        var id = started.GetProperty("id").GetString()!;
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        var renditions = PlaylistText.Uris(await _client.GetStringAsync($"/hls/{id}/index.m3u8"));
        var liveRenditions = PlaylistText.Uris(await _client.GetStringAsync($"/hls/{id}/live.m3u8"));
        Assert.Equal(["720p.m3u8", "360p.m3u8"], renditions);
        Assert.Equal(["720p_live.m3u8", "360p_live.m3u8"], liveRenditions);
        await PlaylistText.WaitForSegmentsAsync(_client, $"{_client.BaseAddress}hls/{id}/index.m3u8", 1);

        var poll = await (await _client.PostAsJsonAsync(
            $"/v2/rooms/{roomId}/polls", new { question = "Best \"pet\"?\nReally?", options = new[] { "cat", "dog" } })).Content.ReadFromJsonAsync<JsonElement>();
        var pollId = poll.GetProperty("pollId").GetString()!;
        var openedAt = poll.GetProperty("createdAt").GetDateTimeOffset();
        string Expected(DateTimeOffset? end) =>
            $"#EXT-X-DATERANGE:ID=\"{pollId}\",CLASS=\"com.liveserver.poll\",START-DATE=\"{Iso(openedAt)}\""
            + (end is { } e ? $",END-DATE=\"{Iso(e)}\"" : string.Empty)
            + $",X-OPTIONS=\"cat | dog\",X-POLL-ID=\"{pollId}\",X-QUESTION=\"Best 'pet'? Really?\"";

        // While open: the range without END-DATE, once a segment from after its start is listed.
        foreach (var playlist in renditions.Concat(liveRenditions))
        {
            await WaitUntilAsync(async () => After(await PlaylistAsync(id, playlist), openedAt));
            Assert.Equal([Expected(null)], Ranges(await PlaylistAsync(id, playlist), pollId));
        }

        var viewer = _factory.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, "voter"));
        Assert.Equal(HttpStatusCode.OK, (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/polls/{pollId}/votes", new { optionId = "b" })).StatusCode);
        var closed = await (await _client.PostAsync($"/v2/rooms/{roomId}/polls/{pollId}/close", null)).Content.ReadFromJsonAsync<JsonElement>();
        var closedAt = closed.GetProperty("closedAt").GetDateTimeOffset();

        // Closed: the same tag with END-DATE added (one tag per ID), and the result at the close.
        foreach (var playlist in renditions.Concat(liveRenditions))
        {
            await WaitUntilAsync(async () => After(await PlaylistAsync(id, playlist), closedAt));
            var text = await PlaylistAsync(id, playlist);
            Assert.Equal([Expected(closedAt)], Ranges(text, pollId));
            Assert.Equal(
                [$"#EXT-X-DATERANGE:ID=\"{pollId}-result\",CLASS=\"com.liveserver.poll-result\",START-DATE=\"{Iso(closedAt)}\",END-DATE=\"{Iso(closedAt)}\""
                    + $",X-COUNTS=\"0 | 1\",X-POLL-ID=\"{pollId}\",X-TOTAL=\"1\""],
                Ranges(text, pollId + "-result"));
            var dates = ProgramDateTimes(text);
            Assert.InRange(closedAt, dates[0], dates[^1]);
            if (renditions.Contains(playlist))
            {
                Assert.InRange(openedAt, dates[0], dates[^1]);
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync("/v2/hls/end", new { roomId })).StatusCode);
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);

        foreach (var playlist in renditions)
        {
            var served = await PlaylistAsync(id, playlist);
            var onDisk = await File.ReadAllTextAsync(Path.Combine(_factory.StoragePath, id, playlist));
            foreach (var vod in new[] { served, onDisk })
            {
                Assert.Contains("#EXT-X-PLAYLIST-TYPE:VOD\n", vod, StringComparison.Ordinal);
                Assert.EndsWith("#EXT-X-ENDLIST\n", vod, StringComparison.Ordinal);
                Assert.Equal([Expected(closedAt)], Ranges(vod, pollId));
                Assert.Single(Ranges(vod, pollId + "-result"));
                Assert.InRange(openedAt, ProgramDateTimes(vod)[0], ProgramDateTimes(vod)[^1]);
            }
        }
    }

    [Fact]
    public async Task PollWithoutLivestream_NoMarkLaterAndThePollWorks()
    {
        var roomId = await _client.CreateRoomAsync();
        var opened = await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/polls", new { question = "Q?", options = new[] { "x", "y" } });
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var pollId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pollId").GetString()!;

        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        var id = (await _client.StartHlsAsync(roomId, new { mode = "audio" })).GetProperty("id").GetString()!;
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        await PlaylistText.WaitForSegmentsAsync(_client, $"{_client.BaseAddress}hls/{id}/index.m3u8", 1);

        // Opened before the livestream: only its close reaches the playlists, with its real START-DATE.
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"/v2/rooms/{roomId}/polls/{pollId}/close", null)).StatusCode);
        await WaitUntilAsync(async () => Ranges(await PlaylistAsync(id, "audio.m3u8"), pollId).Count == 1);
        var line = Assert.Single(Ranges(await PlaylistAsync(id, "audio.m3u8"), pollId));
        Assert.Contains("END-DATE=", line, StringComparison.Ordinal);

        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
        var after = await (await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/polls", new { question = "Later?", options = new[] { "x", "y" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("open", after.GetProperty("status").GetString());
        Assert.Empty(Ranges(await PlaylistAsync(id, "audio.m3u8"), after.GetProperty("pollId").GetString()!));
    }

    [Fact]
    public void Recover_AfterACrash_KeepsTheRangesOfTheLastWrittenPlaylist()
    {
        var folder = Directory.CreateTempSubdirectory("liveserver-marks-").FullName;
        try
        {
            var rendition = new HlsRendition("360p", 640, 360, 30, 800_000, 1_200_000);
            var playlist = new RenditionPlaylist(rendition, folder, new HlsTiming(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(0.5), 6));
            var start = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
            void Append(int part) => playlist.Append(new HlsFragment(
                [1, 2, 3], "avc1.4d401f,mp4a.40.2", [(byte)part], TimeSpan.FromSeconds(0.5), part % 4 == 0, start.AddSeconds(part * 0.5)));
            for (var part = 0; part < 6; part++)
            {
                Append(part);
            }

            playlist.Mark(DateRange.Create("poll_1", "com.liveserver.poll", start.AddMilliseconds(2500), [new("X-POLL-ID", "poll_1")], start.AddMilliseconds(2800)));
            for (var part = 6; part < 9; part++)
            {
                Append(part); // part 8 closes segment 1: the playlists on disk are written with the range
            }

            playlist.Mark(DateRange.Create("lost", "com.liveserver.poll", start.AddSeconds(4.2), []));

            // The server dies here (no End): the recovery ends the playlists from what is on disk. The
            // media bytes are fake, so the initialization section goes (no unlisted segment is measured).
            File.Delete(Path.Combine(folder, rendition.InitFile(0)));
            PlaylistRecovery.Recover(folder, ["360p"]);

            foreach (var file in new[] { "360p.m3u8", "360p_live.m3u8" })
            {
                var text = File.ReadAllText(Path.Combine(folder, file));
                Assert.EndsWith("#EXT-X-ENDLIST\n", text, StringComparison.Ordinal);
                Assert.Equal(
                    ["#EXT-X-DATERANGE:ID=\"poll_1\",CLASS=\"com.liveserver.poll\",START-DATE=\"2026-12-01T10:00:02.500Z\",END-DATE=\"2026-12-01T10:00:02.800Z\",X-POLL-ID=\"poll_1\""],
                    Ranges(text, "poll_1"));
                Assert.Empty(Ranges(text, "lost"));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private Task<string> PlaylistAsync(string id, string playlist) => _client.GetStringAsync($"/hls/{id}/{playlist}");

    /// <summary>The playlist's EXT-X-DATERANGE lines with ID <paramref name="rangeId"/>.</summary>
    private static List<string> Ranges(string playlist, string rangeId) =>
        [.. playlist.Split('\n').Where(l => l.StartsWith($"#EXT-X-DATERANGE:ID=\"{rangeId}\",", StringComparison.Ordinal))];

    private static List<DateTimeOffset> ProgramDateTimes(string playlist) =>
        [.. playlist.Split('\n').Where(l => l.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal))
            .Select(l => DateTimeOffset.Parse(l["#EXT-X-PROGRAM-DATE-TIME:".Length..], CultureInfo.InvariantCulture))];

    /// <summary>True once a segment (or part) that starts after <paramref name="at"/> is listed.</summary>
    private static bool After(string playlist, DateTimeOffset at) => ProgramDateTimes(playlist) is { Count: > 0 } dates && dates[^1] > at;

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not so within {Patience}");
            await Task.Delay(100);
        }
    }
}
