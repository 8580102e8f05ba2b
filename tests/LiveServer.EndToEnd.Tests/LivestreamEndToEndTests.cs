using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;

namespace LiveServer.EndToEnd.Tests;

/// <summary>
/// The product as a user runs it: the server process, real FFmpeg, a real SignalR client over
/// HTTP, and the result read back with ffprobe/ffmpeg.
/// </summary>
[Collection("server")]
public sealed class LivestreamEndToEndTests
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TwoParticipants_MedDefaultConfig_PlaysAs720pH264WithMixedAudio()
    {
        await using var server = await ServerProcess.StartAsync();
        var client = server.Client;
        var roomId = await CreateRoomAsync(client);
        await AddParticipantAsync(client, roomId, new { name = "Alice", toneHz = 440 });
        await AddParticipantAsync(client, roomId, new { name = "Bob", pattern = "color", color = "#1e90ff", toneHz = 660 });
        await using var states = await server.RecordHlsStatesAsync(roomId);

        var start = await client.PostAsJsonAsync("/v2/hls/start", new { roomId });
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var playable = await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);

        // The live URL plays while live, straight from the server over HTTP, in a player that reads
        // whole segments once the first is listed (HLS_PLAYABLE comes with the first parts).
        await PlaylistText.WaitForSegmentsAsync(client, playable.LivestreamUrl!, 1);
        var live = await Ffprobe.ProbeAsync(playable.LivestreamUrl!);
        Assert.Equal(("h264", 1280, 720), (live.Video!.Codec, live.Video.Width, live.Video.Height));
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v2/hls/end", new { roomId })).StatusCode);
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);

        var stored = await client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}");
        var ran = (stored.GetProperty("end").GetDateTimeOffset() - stored.GetProperty("start").GetDateTimeOffset()).TotalSeconds;
        var info = await Ffprobe.ProbeAsync(playable.PlaybackHlsUrl!);
        Assert.Equal(("h264", 1280, 720), (info.Video!.Codec, info.Video.Width, info.Video.Height));
        Assert.Equal(("aac", 48000), (info.Audio!.Codec, info.Audio.SampleRate));
        Assert.InRange(info.DurationSeconds, ran - 2, ran + 2);
        Assert.InRange(await Ffprobe.MeanVolumeAsync(playable.PlaybackHlsUrl!), -30, -3);
        var frame = await Ffprobe.FrameAtAsync(playable.PlaybackHlsUrl!, info.DurationSeconds / 2, 1280, 720);
        Assert.True(frame.IsNear(960, 360, 0x1e, 0x90, 0xff), $"Bob's tile centre was {frame.At(960, 360)}");
        Assert.True(await FfmpegProcesses.WaitUntilGoneAsync(id, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task PortraitLow_PlaysAs360x640()
    {
        await using var server = await ServerProcess.StartAsync(("Hls__SegmentDuration", "00:00:01"));
        var client = server.Client;
        var roomId = await CreateRoomAsync(client);
        await AddParticipantAsync(client, roomId, new { name = "Pat", width = 320, height = 180 });
        await using var states = await server.RecordHlsStatesAsync(roomId);

        await client.PostAsJsonAsync("/v2/hls/start", new { roomId, config = new { quality = "low", orientation = "portrait", layout = new { type = "SPOTLIGHT" } } });
        var playable = await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);

        var info = await Ffprobe.ProbeAsync(playable.PlaybackHlsUrl!);
        Assert.Equal((360, 640), (info.Video!.Width, info.Video.Height));
    }

    [Fact]
    public async Task Sigterm_WhileLive_EndsPlaylistAndLeavesNoProcess()
    {
        var server = await ServerProcess.StartAsync(("Hls__SegmentDuration", "00:00:01"));
        await using (server)
        {
            var client = server.Client;
            var roomId = await CreateRoomAsync(client);
            var name = "Sig" + Guid.NewGuid().ToString("N")[..6];
            await AddParticipantAsync(client, roomId, new { name, width = 320, height = 180 });
            await using var states = await server.RecordHlsStatesAsync(roomId);
            var start = await client.PostAsJsonAsync("/v2/hls/start", new { roomId, config = new { quality = "low" } });
            var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
            await Task.Delay(TimeSpan.FromSeconds(2));

            var exitCode = await server.TerminateAsync(TimeSpan.FromSeconds(40));

            Assert.Equal(0, exitCode);
            var playlist = await File.ReadAllTextAsync(Path.Combine(server.StoragePath, id, "360p.m3u8"));
            Assert.EndsWith("#EXT-X-ENDLIST\n", playlist, StringComparison.Ordinal);
            Assert.Contains("#EXTINF", playlist, StringComparison.Ordinal);
            Assert.Empty(FfmpegProcesses.WithArgument(id));
            Assert.Empty(FfmpegProcesses.WithArgument(server.StoragePath));
            Assert.Contains("Livestream is now Stopped", server.Output, StringComparison.Ordinal);
        }
    }

    private static async Task<string> CreateRoomAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/v2/rooms", new { });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roomId").GetString()!;
    }

    private static async Task AddParticipantAsync(HttpClient client, string roomId, object request) =>
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/v2/rooms/{roomId}/test-participants", request)).StatusCode);
}
