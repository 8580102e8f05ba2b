using System.Globalization;
using LiveServer.Domain.Livestreams;

namespace LiveServer.Media.Ffmpeg;

/// <summary>
/// FFmpeg arguments for a livestream's encoder: raw I420 video on stdin and s16le PCM from a
/// loopback TCP connection, H.264 + AAC out, cut into MPEG-TS segments that start with a keyframe.
/// FFmpeg's segment muxer reports each finished segment as a CSV line on stdout.
/// </summary>
public static class EncoderArguments
{
    /// <summary>The segment file name pattern (<c>seg_00000.ts</c> …).</summary>
    public const string SegmentPattern = "seg_%05d.ts";

    /// <summary>Builds the argument list.</summary>
    /// <param name="format">Output resolution, frame rate, bitrates.</param>
    /// <param name="audioOnly">True for an AAC-only stream (no video input).</param>
    /// <param name="audioPort">The loopback TCP port that serves the PCM.</param>
    /// <param name="segmentDuration">Target segment length.</param>
    /// <param name="preset">The x264 preset.</param>
    /// <param name="folder">Where the segments go.</param>
    /// <param name="firstSegmentNumber">Number of the first segment file (continues after a restart).</param>
    public static IReadOnlyList<string> Build(
        OutputFormat format,
        bool audioOnly,
        int audioPort,
        TimeSpan segmentDuration,
        string preset,
        string folder,
        int firstSegmentNumber = 0)
    {
        var inv = CultureInfo.InvariantCulture;
        var seconds = segmentDuration.TotalSeconds.ToString("0.###", inv);
        var arguments = new List<string> { "-hide_banner", "-loglevel", "warning", "-nostats" };
        if (audioOnly)
        {
            arguments.Add("-nostdin");
        }
        else
        {
            arguments.AddRange(
            [
                "-f", "rawvideo", "-pix_fmt", "yuv420p",
                "-s", string.Create(inv, $"{format.Width}x{format.Height}"),
                "-framerate", format.Fps.ToString(inv),
                "-probesize", "32", "-analyzeduration", "0", "-thread_queue_size", "64", "-i", "pipe:0",
            ]);
        }

        arguments.AddRange(
        [
            "-f", "s16le", "-ar", OutputFormat.AudioSampleRate.ToString(inv), "-ac", OutputFormat.AudioChannels.ToString(inv),
            "-probesize", "32", "-analyzeduration", "0", "-thread_queue_size", "512",
            "-i", string.Create(inv, $"tcp://127.0.0.1:{audioPort}"),
        ]);

        if (audioOnly)
        {
            arguments.AddRange(["-map", "0:a"]);
        }
        else
        {
            var gop = ((int)Math.Round(format.Fps * segmentDuration.TotalSeconds)).ToString(inv);
            var kbps = format.VideoBitrateKbps;
            arguments.AddRange(
            [
                "-map", "0:v", "-map", "1:a",
                "-c:v", "libx264", "-preset", preset, "-tune", "zerolatency", "-profile:v", "main",
                "-pix_fmt", "yuv420p",
                "-b:v", string.Create(inv, $"{kbps}k"), "-maxrate", string.Create(inv, $"{kbps}k"),
                "-bufsize", string.Create(inv, $"{kbps * 2}k"),
                "-g", gop, "-keyint_min", gop, "-sc_threshold", "0",
                "-force_key_frames", $"expr:gte(t,n_forced*{seconds})",
            ]);
        }

        arguments.AddRange(
        [
            "-c:a", "aac", "-b:a", string.Create(inv, $"{format.AudioBitrateKbps}k"),
            "-ar", OutputFormat.AudioSampleRate.ToString(inv), "-ac", OutputFormat.AudioChannels.ToString(inv),
            "-f", "segment", "-segment_format", "mpegts", "-segment_time", seconds,
            "-segment_start_number", firstSegmentNumber.ToString(inv),
            "-segment_list", "pipe:1", "-segment_list_type", "csv",
            Path.Combine(folder, SegmentPattern),
        ]);
        return arguments;
    }
}
