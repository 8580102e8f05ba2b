using System.Diagnostics;
using System.Globalization;
using LiveServer.Domain.Livestreams;

namespace LiveServer.Scenarios;

/// <summary>
/// The plain FFmpeg command that does the composite scenario's work on the same cached VP8 clips:
/// read them in real time, looping (<c>-re -stream_loop -1</c>), decode, scale to the tiles, mosaic
/// (xstack), x264 with the server's encoder settings for med (preset, tune, profile, bitrate, maxrate,
/// bufsize, GOP of one segment), AAC of a generated tone, HLS muxer with the same segment length.
/// </summary>
public static class FfmpegBaseline
{
    /// <summary>Runs it for <paramref name="warmUp"/> + <paramref name="duration"/>; returns CPU seconds per second over <paramref name="duration"/>.</summary>
    public static async Task<double> MeasureAsync(
        IReadOnlyList<string> clips, TimeSpan segment, TimeSpan warmUp, TimeSpan duration, CancellationToken cancellationToken)
    {
        var output = Path.Combine(Path.GetTempPath(), "liveserver-baseline-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(output);
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in Arguments(clips, segment, output))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await Task.Delay(warmUp, cancellationToken);
            var before = ProcessTree.CpuSeconds(process.Id);
            var watch = Stopwatch.StartNew();
            await Task.Delay(duration, cancellationToken);
            var cpu = ProcessTree.CpuSeconds(process.Id) - before;
            var seconds = watch.Elapsed.TotalSeconds;
            if (process.HasExited)
            {
                throw new InvalidOperationException("The FFmpeg baseline exited early: " + await errors);
            }

            return cpu / seconds;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>The argument list (also printed in the results so anyone can run it by hand).</summary>
    public static IReadOnlyList<string> Arguments(IReadOnlyList<string> clips, TimeSpan segment, string outputFolder)
    {
        var inv = CultureInfo.InvariantCulture;
        var format = LivestreamConfig.Default.ToOutputFormat();
        var gop = ((int)Math.Round(format.Fps * segment.TotalSeconds)).ToString(inv);
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-nostats" };
        foreach (var clip in clips)
        {
            arguments.AddRange(["-re", "-stream_loop", "-1", "-i", clip]);
        }

        arguments.AddRange(["-re", "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate={OutputFormat.AudioSampleRate}"]);

        // The server's ladder for the default config (720p + 360p), split from the one mosaic, each
        // rung its own x264 and fragmented-MP4 HLS output with the same GOP.
        var ladder = Rendition.LadderFor(LivestreamConfig.Default);
        var graph = Mosaic(clips.Count, format.Width, format.Height)
            + $";[v]split={ladder.Count}" + string.Concat(ladder.Select((_, i) => $"[r{i}]"))
            + string.Concat(ladder.Select((r, i) => $";[r{i}]scale={r.Format.Width}:{r.Format.Height}:flags=bicubic[o{i}]"));
        arguments.AddRange(["-filter_complex", graph]);
        for (var i = 0; i < ladder.Count; i++)
        {
            var rung = ladder[i].Format;
            arguments.AddRange(
            [
                "-map", $"[o{i}]", "-map", string.Create(inv, $"{clips.Count}:a"),
                "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-profile:v", "main", "-pix_fmt", "yuv420p",
                "-r", rung.Fps.ToString(inv),
                "-b:v", string.Create(inv, $"{rung.VideoBitrateKbps}k"), "-maxrate", string.Create(inv, $"{rung.VideoBitrateKbps}k"),
                "-bufsize", string.Create(inv, $"{rung.VideoBitrateKbps * 2}k"),
                "-g", gop, "-keyint_min", gop, "-sc_threshold", "0",
                "-c:a", "aac", "-b:a", string.Create(inv, $"{rung.AudioBitrateKbps}k"), "-ar", "48000", "-ac", "2",
                "-f", "hls", "-hls_time", segment.TotalSeconds.ToString("0.###", inv), "-hls_list_size", "6",
                "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", $"{ladder[i].Name}_init.mp4",
                "-hls_segment_filename", Path.Combine(outputFolder, $"{ladder[i].Name}_%05d.m4s"),
                "-hls_flags", "delete_segments", Path.Combine(outputFolder, $"{ladder[i].Name}.m3u8"),
            ]);
        }

        return arguments;
    }

    /// <summary>1: full picture; 2: side by side, centred; 3–4: a 2×2 grid (as the server's GRID).</summary>
    private static string Mosaic(int count, int width, int height)
    {
        if (count == 1)
        {
            return $"[0:v]scale={width}:{height}:flags=bilinear[v]";
        }

        var tileWidth = width / 2;
        var tileHeight = height / 2;
        var scaled = string.Concat(Enumerable.Range(0, count).Select(i => $"[{i}:v]scale={tileWidth}:{tileHeight}:flags=bilinear[t{i}];"));
        var inputs = string.Concat(Enumerable.Range(0, count).Select(i => $"[t{i}]"));
        return count == 2
            ? $"{scaled}{inputs}hstack=inputs=2,pad={width}:{height}:0:{tileHeight / 2}[v]"
            : $"{scaled}{inputs}xstack=inputs={count}:layout=0_0|w0_0|0_h0|w0_h0:fill=black,pad={width}:{height}[v]";
    }
}
