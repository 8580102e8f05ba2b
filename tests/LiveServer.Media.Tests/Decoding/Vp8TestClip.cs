using System.Diagnostics;
using System.Globalization;
using LiveServer.Media.Ivf;

namespace LiveServer.Media.Tests.Decoding;

/// <summary>VP8 frames encoded by the real FFmpeg from a lavfi source, a keyframe every 30 frames.</summary>
internal static class Vp8TestClip
{
    public static async Task<List<IvfFrame>> EncodeAsync(string lavfiSource, int count)
    {
        var ivf = await FfmpegOutputAsync(
        [
            "-v", "error", "-f", "lavfi", "-i", lavfiSource, "-frames:v", count.ToString(CultureInfo.InvariantCulture),
            "-c:v", "libvpx", "-deadline", "realtime", "-g", "30", "-keyint_min", "30", "-f", "ivf", "pipe:1",
        ]);
        using var output = new MemoryStream(ivf);
        var reader = new IvfReader(output);
        await reader.ReadHeaderAsync(CancellationToken.None);
        var frames = new List<IvfFrame>();
        while (await reader.ReadFrameAsync(CancellationToken.None) is { } frame)
        {
            frames.Add(frame);
        }

        Assert.Equal(count, frames.Count);
        return frames;
    }

    /// <summary>What the real FFmpeg writes to its standard output with <paramref name="arguments"/>; asserts it exits 0.</summary>
    public static async Task<byte[]> FfmpegOutputAsync(IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        using var output = new MemoryStream();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.BaseStream.CopyToAsync(output);
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await errors);
        return output.ToArray();
    }
}
