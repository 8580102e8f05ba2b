using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LiveServer.Api.Auth;
using LiveServer.Api.Recordings;
using LiveServer.Domain.Livestreams;
using LiveServer.Storage;
using LiveServer.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace LiveServer.Api.Tests;

/// <summary>
/// Recordings: a real livestream with <c>config.recording.enabled</c> ends and its MP4 (remuxed by the
/// real FFmpeg) and thumbnail are read back with FFmpeg and over HTTP; the API's validation, 404s and
/// signed downloads.
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed class RecordingsTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task LivestreamEnds_RecordingEnabled_FaststartMp4ThumbnailRangesEventAndDelete()
    {
        var roomId = await _client.CreateRoomAsync();
        await _client.AddTestParticipantAsync(roomId, new { name = "Ann", width = 320, height = 180 });
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        var livestreamId = (await _client.StartHlsAsync(roomId, new { quality = "low", recording = new { enabled = true } })).GetProperty("id").GetString()!;
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        await Task.Delay(TimeSpan.FromSeconds(4));
        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
        var livestream = await _client.GetFromJsonAsync<JsonElement>($"/v2/hls/{livestreamId}");
        var ran = (livestream.GetProperty("end").GetDateTimeOffset() - livestream.GetProperty("start").GetDateTimeOffset()).TotalSeconds;

        var recording = await WaitForRecordingAsync(roomId);

        var id = recording.GetProperty("id").GetString()!;
        Assert.Matches("^rec-[0-9a-f]{16}$", id);
        Assert.Equal("available", recording.GetProperty("status").GetString());
        Assert.Equal(livestreamId, recording.GetProperty("livestreamId").GetString());
        Assert.Equal(roomId, recording.GetProperty("roomId").GetString());
        Assert.Equal(livestream.GetProperty("start").GetDateTimeOffset(), recording.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(livestream.GetProperty("end").GetDateTimeOffset(), recording.GetProperty("endedAt").GetDateTimeOffset());
        var fileUrl = recording.GetProperty("fileUrl").GetString()!;
        var thumbnailUrl = recording.GetProperty("thumbnailUrl").GetString()!;
        Assert.Equal($"http://localhost/recordings/{id}.mp4", fileUrl);
        Assert.Equal($"http://localhost/recordings/{id}.jpg", thumbnailUrl);
        var durationSec = recording.GetProperty("durationSec").GetDouble();
        Assert.InRange(durationSec, ran - 2, ran + 2);

        // The MP4: every packet decodes, the length is the livestream's, moov comes before mdat (faststart).
        var download = await _client.GetAsync(fileUrl);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("video/mp4", download.Content.Headers.ContentType?.MediaType);
        Assert.Contains("bytes", download.Headers.AcceptRanges);
        var mp4 = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(recording.GetProperty("sizeBytes").GetInt64(), mp4.Length);
        var file = Path.Combine(_factory.StoragePath, $"downloaded-{id}.mp4");
        await File.WriteAllBytesAsync(file, mp4);
        await ToolProcess.RunAsync("ffmpeg", ["-v", "error", "-i", file, "-f", "null", "-"], CancellationToken.None);
        var info = await Ffprobe.ProbeAsync(file);
        Assert.Equal(("h264", 640, 360), (info.Video!.Codec, info.Video.Width, info.Video.Height));
        Assert.Equal("aac", info.Audio!.Codec);
        Assert.InRange(info.DurationSeconds, durationSec - 0.5, durationSec + 0.5);
        var boxes = TopLevelBoxes(mp4);
        Assert.Equal("ftyp", boxes[0]);
        Assert.True(boxes.IndexOf("moov") is >= 0 and var moov && moov < boxes.IndexOf("mdat"), $"top-level boxes: {string.Join(", ", boxes)}");

        // A range request answers exactly the bytes asked for.
        using var ranged = new HttpRequestMessage(HttpMethod.Get, fileUrl) { Headers = { Range = new(0, 99) } };
        var partial = await _client.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal($"bytes 0-99/{mp4.Length}", partial.Content.Headers.ContentRange?.ToString());
        Assert.Equal(mp4[..100], await partial.Content.ReadAsByteArrayAsync());

        // The thumbnail is a JPEG of the picture.
        var thumbnail = await _client.GetAsync(thumbnailUrl);
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType?.MediaType);
        var jpeg = await thumbnail.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, jpeg[..3]);
        var jpegFile = Path.Combine(_factory.StoragePath, $"downloaded-{id}.jpg");
        await File.WriteAllBytesAsync(jpegFile, jpeg);
        var picture = await Ffprobe.ProbeAsync(jpegFile);
        Assert.Equal(("mjpeg", 640, 360), (picture.Video!.Codec, picture.Video.Width, picture.Video.Height));

        // Announced to the room, with the same fields the API shows.
        var events = await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/events?limit=1000");
        var available = Assert.Single(events.GetProperty("data").EnumerateArray(), e => e.GetProperty("type").GetString() == "recordingAvailable");
        Assert.Equal(id, available.GetProperty("data").GetProperty("id").GetString());
        Assert.Equal(livestreamId, available.GetProperty("data").GetProperty("livestreamId").GetString());
        Assert.Equal(fileUrl, available.GetProperty("data").GetProperty("fileUrl").GetString());
        Assert.Equal(thumbnailUrl, available.GetProperty("data").GetProperty("thumbnailUrl").GetString());
        Assert.Equal(durationSec, available.GetProperty("data").GetProperty("durationSec").GetDouble());

        var one = await _client.GetFromJsonAsync<JsonElement>($"/v2/recordings/{id}");
        Assert.Equal(recording.ToString(), one.ToString());

        var deleted = await _client.DeleteAsync($"/v2/recordings/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False(File.Exists(Path.Combine(_factory.StoragePath, "recordings", id + ".mp4")), "the MP4 is still on disk");
        Assert.False(File.Exists(Path.Combine(_factory.StoragePath, "recordings", id + ".jpg")), "the thumbnail is still on disk");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/v2/recordings/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(fileUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/v2/recordings/{id}")).StatusCode);
        var listed = await _client.GetFromJsonAsync<JsonElement>($"/v2/recordings?roomId={roomId}");
        Assert.Equal(0, listed.GetProperty("pageInfo").GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("perPage=1000", "perPage")]
    [InlineData("perPage=0", "perPage")]
    [InlineData("page=0", "page")]
    public async Task List_PageOutOfRange_400NamingTheField(string query, string field)
    {
        var response = await _client.GetAsync($"/v2/recordings?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await response.ProblemAsync()).ErrorFields());
    }

    [Fact]
    public async Task List_Empty_PageInfo()
    {
        var roomId = await _client.CreateRoomAsync();

        var listed = await _client.GetFromJsonAsync<JsonElement>($"/v2/recordings?roomId={roomId}&page=1&perPage=100");

        Assert.Equal(0, listed.GetProperty("data").GetArrayLength());
        Assert.Equal((1, 100, 1, 0), (
            listed.GetProperty("pageInfo").GetProperty("currentPage").GetInt32(),
            listed.GetProperty("pageInfo").GetProperty("perPage").GetInt32(),
            listed.GetProperty("pageInfo").GetProperty("lastPage").GetInt32(),
            listed.GetProperty("pageInfo").GetProperty("total").GetInt32()));
    }

    [Theory]
    [InlineData("/v2/recordings/rec-0000000000000000")]
    [InlineData("/v2/recordings/not-a-recording")]
    [InlineData("/recordings/rec-0000000000000000.mp4")]
    [InlineData("/recordings/rec-0000000000000000.jpg")]
    [InlineData("/recordings/..%2F..%2Fliveserver.db.mp4")]
    [InlineData("/recordings/rec-0000000000000000.tmp.mp4")]
    public async Task Get_UnknownId_404(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Delete_UnknownId_404NamingId()
    {
        var response = await _client.DeleteAsync("/v2/recordings/rec-0000000000000000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(["id"], (await response.ProblemAsync()).ErrorFields());
    }

    [Fact]
    public async Task Make_NoSegments_FailsWithReason()
    {
        var maker = _factory.Services.GetRequiredService<RecordingMaker>();
        var livestream = new Livestream("hls-00000000000000aa", "room", LivestreamConfig.Default, DateTimeOffset.UtcNow);

        var outcome = await maker.MakeAsync("rec-00000000000000aa", livestream, CancellationToken.None);

        Assert.False(outcome.IsAvailable);
        Assert.Equal(RecordingMaker.NoSegmentsReason, outcome.Error);
    }

    [Fact]
    public async Task Make_CorruptSegment_FailsWithFfmpegsReasonWithoutPathsAndLeavesNoFile()
    {
        var maker = _factory.Services.GetRequiredService<RecordingMaker>();
        var livestream = new Livestream("hls-00000000000000bb", "room", LivestreamConfig.Default with { Quality = Quality.Low }, DateTimeOffset.UtcNow);
        var folder = Path.Combine(_factory.StoragePath, livestream.Id);
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, "360p_init0.mp4"), Encoding.ASCII.GetBytes("not an mp4 at all"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "360p_00000.m4s"), new byte[4096]);
        await File.WriteAllTextAsync(Path.Combine(folder, "360p.m3u8"), """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:1
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-MAP:URI="360p_init0.mp4"
            #EXTINF:1.000,
            360p_00000.m4s
            #EXT-X-ENDLIST

            """);

        var outcome = await maker.MakeAsync("rec-00000000000000bb", livestream, CancellationToken.None);

        Assert.False(outcome.IsAvailable);
        Assert.StartsWith("The remux FFmpeg exited with code", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_factory.StoragePath, outcome.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(_factory.StoragePath, "recordings"), "rec-00000000000000bb*"));
    }

    [Fact]
    public async Task SignedUrlsRequired_DownloadNeedsTheRecordingsToken()
    {
        await using var factory = new LiveServerFactory(new() { ["Hls:RequireSignedUrls"] = "true" });
        var client = factory.CreateClient();
        const string Id = "rec-0123456789abcdef";
        var at = DateTimeOffset.UtcNow;
        await factory.Services.GetRequiredService<StoreWriter>().WriteAsync(new StoreWrite.SaveRecording(
            new StoredRecording(Id, "hls-0123456789abcdef", "room", "available", at.AddMinutes(-1), at, 60, 5, null)));
        Directory.CreateDirectory(Path.Combine(factory.StoragePath, "recordings"));
        await File.WriteAllBytesAsync(Path.Combine(factory.StoragePath, "recordings", Id + ".mp4"), [1, 2, 3, 4, 5]);

        var recording = await client.GetFromJsonAsync<JsonElement>($"/v2/recordings/{Id}");
        var fileUrl = recording.GetProperty("fileUrl").GetString()!;
        var otherToken = factory.Services.GetRequiredService<HlsUrlSigner>().Sign("rec-fedcba9876543210");

        Assert.StartsWith($"http://localhost/recordings/{Id}.mp4?token=", fileUrl, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, recording.GetProperty("thumbnailUrl").ValueKind);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/recordings/{Id}.mp4")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(HlsUrlSigner.Append($"/recordings/{Id}.mp4", otherToken))).StatusCode);
        var signed = await client.GetAsync(fileUrl);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, await signed.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task RoomRestrictedToken_OnlyThatRoomsRecordings()
    {
        var roomId = "room-" + Guid.NewGuid().ToString("N")[..8];
        var id = RecordingFiles.NewId();
        var at = DateTimeOffset.UtcNow;
        await _factory.Services.GetRequiredService<StoreWriter>().WriteAsync(new StoreWrite.SaveRecording(
            new StoredRecording(id, "hls-0123456789abcdef", roomId, "failed", at.AddMinutes(-1), at, null, null, "no segments")));
        var other = _factory.CreateClientWith("Bearer " + TestTokens.Crawler("room-elsewhere"));
        var own = _factory.CreateClientWith("Bearer " + TestTokens.Crawler(roomId));

        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/v2/recordings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/v2/recordings?roomId={roomId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/v2/recordings/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.DeleteAsync($"/v2/recordings/{id}")).StatusCode);
        var listed = await own.GetFromJsonAsync<JsonElement>($"/v2/recordings?roomId={roomId}");
        var recording = Assert.Single(listed.GetProperty("data").EnumerateArray());
        Assert.Equal(("failed", "no segments"), (recording.GetProperty("status").GetString(), recording.GetProperty("reason").GetString()));
        Assert.Equal(JsonValueKind.Null, recording.GetProperty("fileUrl").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, (await own.DeleteAsync($"/v2/recordings/{id}")).StatusCode);
    }

    [Fact]
    public void RemuxArguments_StreamCopyWithFaststartToMp4()
    {
        var arguments = RecordingArguments.Remux("/data/hls/x/720p.m3u8", "/data/recordings/r.tmp.mp4");

        Assert.Equal(["-i", "/data/hls/x/720p.m3u8"], Arguments.After(arguments, "-i", 1));
        Assert.Equal(["-c", "copy"], Arguments.After(arguments, "-c", 1));
        Assert.Equal(["-movflags", "+faststart"], Arguments.After(arguments, "-movflags", 1));
        Assert.Equal(["-f", "mp4", "/data/recordings/r.tmp.mp4"], arguments.TakeLast(3));
        Assert.DoesNotContain("-c:v", arguments);
    }

    [Fact]
    public void ThumbnailArguments_OneJpegFrameFromTheMiddle()
    {
        var arguments = RecordingArguments.Thumbnail("/r.mp4", TimeSpan.FromSeconds(12.5), "/r.tmp.jpg");

        Assert.Equal(["-ss", "12.5"], Arguments.After(arguments, "-ss", 1));
        Assert.Equal(["-frames:v", "1"], Arguments.After(arguments, "-frames:v", 1));
        Assert.Equal(["-c:v", "mjpeg"], Arguments.After(arguments, "-c:v", 1));
        Assert.True(arguments.ToList().IndexOf("-ss") < arguments.ToList().IndexOf("-i"), "the seek is an input option (fast)");
    }

    [Fact]
    public void Playlist_Parse_SegmentsDurationAndFilesOnce()
    {
        var playlist = RecordingPlaylist.Parse(
            "#EXTM3U\n#EXT-X-MAP:URI=\"720p_init0.mp4\"\n#EXTINF:1.000,\n720p_00000.m4s\n#EXTINF:0.967,\n720p_00001.m4s\n"
            + "#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"720p_init1.mp4\"\n#EXTINF:1.033,\n720p_00002.m4s\n#EXT-X-ENDLIST\n");

        Assert.Equal(3, playlist.Segments);
        Assert.Equal(3.0, playlist.Duration.TotalSeconds, 3);
        Assert.Equal(["720p_init0.mp4", "720p_00000.m4s", "720p_00001.m4s", "720p_init1.mp4", "720p_00002.m4s"], playlist.Files);
    }

    /// <summary>Polls the room's recordings until one is no longer processing.</summary>
    private async Task<JsonElement> WaitForRecordingAsync(string roomId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var listed = await _client.GetFromJsonAsync<JsonElement>($"/v2/recordings?roomId={roomId}");
            var recording = Assert.Single(listed.GetProperty("data").EnumerateArray());
            if (recording.GetProperty("status").GetString() != "processing")
            {
                return recording;
            }

            Assert.True(DateTime.UtcNow < deadline, "the recording is still processing after 60 s");
            Assert.Equal(JsonValueKind.Null, recording.GetProperty("fileUrl").ValueKind);
            await Task.Delay(200);
        }
    }

    /// <summary>The types of the top-level ISO BMFF boxes, in file order (ISO/IEC 14496-12 section 4.2).</summary>
    private static List<string> TopLevelBoxes(byte[] file)
    {
        var types = new List<string>();
        long offset = 0;
        while (offset + 8 <= file.Length)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan((int)offset));
            types.Add(Encoding.ASCII.GetString(file, (int)offset + 4, 4));
            size = size switch
            {
                1 => (long)BinaryPrimitives.ReadUInt64BigEndian(file.AsSpan((int)offset + 8)),
                0 => file.Length - offset,
                _ => size,
            };
            Assert.True(size >= 8, $"box {types[^1]} at {offset} has size {size}");
            offset += size;
        }

        return types;
    }

    /// <summary>Argument-list lookups.</summary>
    private static class Arguments
    {
        /// <summary><paramref name="name"/> and the <paramref name="count"/> arguments after it.</summary>
        public static IEnumerable<string> After(IReadOnlyList<string> arguments, string name, int count)
        {
            var at = arguments.ToList().IndexOf(name);
            Assert.True(at >= 0, $"{name} is missing from: {string.Join(' ', arguments)}");
            return arguments.Skip(at).Take(count + 1);
        }
    }
}
