using System.Globalization;

namespace LiveServer.Media.Ffmpeg;

/// <summary>
/// FFmpeg arguments for a participant's video decoder: an elementary stream on stdin (IVF for VP8,
/// Annex B for H.264), raw I420 frames of a fixed size on stdout, one out for each in, no added delay.
/// </summary>
public static class VideoDecoderArguments
{
    /// <summary>Builds the argument list.</summary>
    /// <param name="inputFormat"><c>ivf</c> or <c>h264</c>.</param>
    /// <param name="width">Output width: the first keyframe's; later size changes are scaled to it.</param>
    /// <param name="height">Output height.</param>
    public static IReadOnlyList<string> Build(string inputFormat, int width, int height) =>
    [
        "-hide_banner", "-loglevel", "warning", "-nostats",
        "-threads", "1",
        "-flags", "low_delay", "-probesize", "32", "-analyzeduration", "0",
        "-f", inputFormat, "-i", "pipe:0",
        "-an", "-fps_mode", "passthrough",
        "-vf", string.Create(CultureInfo.InvariantCulture, $"scale={width}:{height}:flags=bilinear"),
        "-pix_fmt", "yuv420p", "-f", "rawvideo", "pipe:1",
    ];
}
