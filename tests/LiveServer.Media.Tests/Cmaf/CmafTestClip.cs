using System.Globalization;
using LiveServer.Domain.Livestreams;
using LiveServer.Media.Cmaf;
using LiveServer.Media.Ffmpeg;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveServer.Media.Tests.Cmaf;

/// <summary>
/// Fragmented MP4 written by the real FFmpeg with the encoder's muxer settings (lavfi testsrc2 and
/// sine, H.264 main profile + AAC, a keyframe every 2 s) to its stdout, read as it comes by <see cref="FragmentedMp4Reader"/>.
/// </summary>
internal static class CmafTestClip
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>What the reader made of FFmpeg's output.</summary>
    public sealed record Clip(CmafInit Init, IReadOnlyList<CmafFragment> Fragments)
    {
        /// <summary>The stream as FFmpeg wrote it (no top-level boxes but these: skip_trailer leaves out the mfra).</summary>
        public byte[] Bytes => [.. Init.Bytes, .. Fragments.SelectMany(f => f.Bytes)];
    }

    /// <summary>Encodes <paramref name="seconds"/> of video (unless <paramref name="rendition"/> is audio only) and audio.</summary>
    public static async Task<Clip> EncodeAsync(Rendition rendition, TimeSpan part, double seconds, string size = "320x180")
    {
        var inv = CultureInfo.InvariantCulture;
        var fps = rendition.Format.Fps.ToString(inv);
        List<string> arguments = ["-hide_banner", "-v", "error", "-nostdin"];
        if (!rendition.AudioOnly)
        {
            arguments.AddRange(["-f", "lavfi", "-i", $"testsrc2=size={size}:rate={fps}"]);
        }

        arguments.AddRange(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", seconds.ToString(inv)]);
        if (!rendition.AudioOnly)
        {
            arguments.AddRange(
            [
                "-map", "0:v", "-map", "1:a",
                "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-profile:v", "main", "-pix_fmt", "yuv420p",
                "-g", "60", "-keyint_min", "60", "-sc_threshold", "0", "-force_key_frames", "expr:gte(t,n_forced*2)",
            ]);
        }

        arguments.AddRange(
        [
            "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
            .. EncoderArguments.FragmentedMp4(rendition, part),
            "pipe:1",
        ]);

        await using var ffmpeg = FfmpegProcess.Start("ffmpeg", arguments, "test", NullLogger.Instance, stdinIsInput: false);
        using var cancel = new CancellationTokenSource(Timeout);
        var reader = new FragmentedMp4Reader(ffmpeg.StandardOutput);
        var fragments = new List<CmafFragment>();
        await foreach (var fragment in reader.ReadAllAsync(cancel.Token))
        {
            fragments.Add(fragment);
        }

        var exit = await ffmpeg.Exited.WaitAsync(cancel.Token);
        Assert.True(exit.ExitCode == 0, exit.Describe("test"));
        Assert.NotNull(reader.Init);
        return new Clip(reader.Init, fragments);
    }
}
