using System.Globalization;
using System.Text.Json;

namespace LiveServer.TestKit;

/// <summary>Runs the real ffprobe/ffmpeg on produced media and reads the answers.</summary>
public static class Ffprobe
{
    /// <summary>The streams and duration of a file or URL.</summary>
    public static async Task<MediaInfo> ProbeAsync(string input, CancellationToken cancellationToken = default)
    {
        var json = await RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,codec_name,width,height,sample_rate,channels:format=duration", "-of", "json", input], cancellationToken);
        using var document = JsonDocument.Parse(json);
        var streams = document.RootElement.GetProperty("streams").EnumerateArray().Select(s => new StreamInfo(
            s.GetProperty("codec_type").GetString()!,
            s.GetProperty("codec_name").GetString()!,
            s.TryGetProperty("width", out var w) ? w.GetInt32() : 0,
            s.TryGetProperty("height", out var h) ? h.GetInt32() : 0,
            s.TryGetProperty("sample_rate", out var r) ? int.Parse(r.GetString()!, CultureInfo.InvariantCulture) : 0)).ToList();
        var duration = document.RootElement.TryGetProperty("format", out var format) && format.TryGetProperty("duration", out var d)
            ? double.Parse(d.GetString()!, CultureInfo.InvariantCulture)
            : 0;
        return new MediaInfo(streams, duration);
    }

    /// <summary>The mean volume of the audio in dBFS (volumedetect).</summary>
    public static async Task<double> MeanVolumeAsync(string input, CancellationToken cancellationToken = default)
    {
        var output = await RunAsync("ffmpeg", ["-hide_banner", "-nostats", "-i", input, "-map", "0:a", "-af", "volumedetect", "-f", "null", "-"], cancellationToken, stderr: true);
        var line = output.Split('\n').First(l => l.Contains("mean_volume:", StringComparison.Ordinal));
        var value = line[(line.IndexOf("mean_volume:", StringComparison.Ordinal) + 12)..].Replace("dB", "", StringComparison.Ordinal).Trim();
        return double.Parse(value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Decodes one video frame at <paramref name="seconds"/> from the start as packed RGB24. The seek is
    /// an output option (decode and discard up to the time): FFmpeg's HLS input seek lands on segment
    /// starts only.
    /// </summary>
    public static async Task<RgbFrame> FrameAtAsync(string input, double seconds, int width, int height, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(Path.GetTempPath(), $"frame-{Guid.NewGuid():N}.rgb");
        try
        {
            await RunAsync("ffmpeg", ["-hide_banner", "-v", "error", "-i", input, "-ss", seconds.ToString("0.###", CultureInfo.InvariantCulture), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-y", path], cancellationToken);
            return new RgbFrame(await File.ReadAllBytesAsync(path, cancellationToken), width, height);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<string> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool stderr = false)
    {
        var (output, errors) = await ToolProcess.RunAsync(tool, arguments, cancellationToken);
        return stderr ? errors : output;
    }
}

/// <summary>What ffprobe found.</summary>
public sealed record MediaInfo(IReadOnlyList<StreamInfo> Streams, double DurationSeconds)
{
    /// <summary>The first video stream, if any.</summary>
    public StreamInfo? Video => Streams.FirstOrDefault(s => s.Type == "video");

    /// <summary>The first audio stream, if any.</summary>
    public StreamInfo? Audio => Streams.FirstOrDefault(s => s.Type == "audio");
}

/// <summary>One stream.</summary>
public sealed record StreamInfo(string Type, string Codec, int Width, int Height, int SampleRate);

/// <summary>A decoded RGB frame.</summary>
public sealed record RgbFrame(byte[] Pixels, int Width, int Height)
{
    /// <summary>The colour at (x, y).</summary>
    public (int R, int G, int B) At(int x, int y)
    {
        var i = ((y * Width) + x) * 3;
        return (Pixels[i], Pixels[i + 1], Pixels[i + 2]);
    }

    /// <summary>True when the pixel at (x, y) is within <paramref name="tolerance"/> of the colour in every channel.</summary>
    public bool IsNear(int x, int y, int r, int g, int b, int tolerance = 40)
    {
        var (pr, pg, pb) = At(x, y);
        return Math.Abs(pr - r) <= tolerance && Math.Abs(pg - g) <= tolerance && Math.Abs(pb - b) <= tolerance;
    }
}
