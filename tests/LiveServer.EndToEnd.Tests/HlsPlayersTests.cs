using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;

namespace LiveServer.EndToEnd.Tests;

/// <summary>
/// Players that know nothing of LL-HLS play the low-latency origin as ordinary HLS: GStreamer
/// (uridecodebin3 with hlsdemux2), VLC (adaptive demux) and FFmpeg read the live multivariant playlist while the
/// livestream runs, and both the DVR (then VOD) and the live playlist once it ended. Each must decode
/// (GStreamer, FFmpeg) or remux (VLC) moving video of about the expected length.
/// </summary>
[Collection("server")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HlsPlayersTests
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task GStreamerVlcAndFfmpeg_PlayTheLiveAndTheDvrPlaylists()
    {
        await using var server = await ServerProcess.StartAsync();
        var client = server.Client;
        var roomId = (await (await client.PostAsJsonAsync("/v2/rooms", new { })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roomId").GetString()!;
        await client.PostAsJsonAsync($"/v2/rooms/{roomId}/test-participants", new { name = "Ada", width = 320, height = 180 });
        await using var states = await server.RecordHlsStatesAsync(roomId);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v2/hls/start", new { roomId })).StatusCode);
        var playable = await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        var live = playable.LivestreamUrl!;
        var dvr = playable.PlaybackHlsUrl!;

        // HLS_PLAYABLE comes with the first parts, for LL-HLS players; players that read whole segments
        // only need some to be listed.
        await PlaylistText.WaitForSegmentsAsync(client, live, 2);

        // While live: 60 decoded frames from GStreamer, 3 s decoded by FFmpeg, 4 s remuxed by VLC.
        Assert.InRange(await GStreamerFramesAsync(live, eosAfter: 60), 59, 60);
        var ffmpegFrames = await FfmpegFramesAsync(live, seconds: 3);
        Assert.InRange(ffmpegFrames, 80, 100);
        // VLC may start anywhere in the listed window and remux what is listed at once (faster than real
        // time), then the run: at most the window, the 4 s and a segment listed meanwhile.
        var listed = PlaylistText.DurationSeconds(await client.GetStringAsync(await PlaylistText.TopRenditionUrlAsync(client, live)));
        var vlcLive = await VlcRemuxSecondsAsync(live, runSeconds: 4);
        Assert.InRange(vlcLive, 1, listed + 4 + 2);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v2/hls/end", new { roomId })).StatusCode);
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
        var stored = await client.GetFromJsonAsync<JsonElement>($"/v2/hls/{playable.Id}");
        var ran = (stored.GetProperty("end").GetDateTimeOffset() - stored.GetProperty("start").GetDateTimeOffset()).TotalSeconds;

        // Ended: the DVR playlist is VOD with every segment, the live one the last window, both with ENDLIST.
        var dvrFrames = await GStreamerFramesAsync(dvr);
        Assert.InRange(dvrFrames / 30.0, ran - 3, ran + 1);
        Assert.InRange(await VlcRemuxSecondsAsync(dvr), ran - 3, ran + 1);
        Assert.InRange(await GStreamerFramesAsync(live), 30, dvrFrames);
        Assert.InRange(await VlcRemuxSecondsAsync(live), 1, ran + 1);
        Assert.InRange((await Ffprobe.ProbeAsync(dvr)).DurationSeconds, ran - 3, ran + 1);
    }

    /// <summary>Frames GStreamer decodes from <paramref name="url"/> (scaled to 160x90 I420 on stdout), up to <paramref name="eosAfter"/>.</summary>
    private static async Task<int> GStreamerFramesAsync(string url, int? eosAfter = null)
    {
        using var timeout = new CancellationTokenSource(ToolTimeout);
        string[] pipeline =
        [
            "-q", "uridecodebin3", $"uri={url}", "name=d", "d.", "!", "queue", "!", "videoconvert", "!", "videoscale", "!",
            "video/x-raw,width=160,height=90,format=I420", "!", .. eosAfter is { } n ? new[] { "identity", $"eos-after={n}", "!" } : [],
            "fdsink", "fd=1",
        ];
        return (int)(await ToolProcess.CountOutputBytesAsync("gst-launch-1.0", pipeline, timeout.Token) / (160 * 90 * 3 / 2));
    }

    /// <summary>Video frames FFmpeg decodes from the first <paramref name="seconds"/> of <paramref name="url"/>.</summary>
    private static async Task<int> FfmpegFramesAsync(string url, int seconds)
    {
        using var timeout = new CancellationTokenSource(ToolTimeout);
        var (_, errors) = await ToolProcess.RunAsync(
            "ffmpeg", ["-hide_banner", "-nostats", "-i", url, "-t", seconds.ToString(CultureInfo.InvariantCulture), "-map", "0:v:0", "-f", "null", "-"], timeout.Token);
        var at = errors.LastIndexOf("frame=", StringComparison.Ordinal);
        return at < 0 ? 0 : int.Parse(new string(errors[(at + 6)..].TrimStart().TakeWhile(char.IsAsciiDigit).ToArray()), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Seconds of video VLC remuxes from <paramref name="url"/> into an MPEG-TS file (for
    /// <paramref name="runSeconds"/> when live), measured by ffprobe. VLC refuses to run as root, so it runs as nobody.
    /// </summary>
    private static async Task<double> VlcRemuxSecondsAsync(string url, int? runSeconds = null)
    {
        var folder = Directory.CreateTempSubdirectory("liveserver-vlc-");
        try
        {
            folder.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            var output = Path.Combine(folder.FullName, "vlc.ts");
            using var timeout = new CancellationTokenSource(ToolTimeout);
            string[] arguments =
            [
                "-u", "nobody", "--", "cvlc", "-I", "dummy", "--play-and-exit", "--no-repeat", "--no-loop",
                .. runSeconds is { } s ? new[] { "--run-time", s.ToString(CultureInfo.InvariantCulture) } : [],
                url, "--sout", $"#std{{access=file,mux=ts,dst={output}}}",
            ];
            await ToolProcess.RunAsync("runuser", arguments, timeout.Token);
            return (await Ffprobe.ProbeAsync(output)).DurationSeconds;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
