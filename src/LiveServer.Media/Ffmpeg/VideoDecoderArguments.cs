using System.Globalization;

namespace LiveServer.Media.Ffmpeg;

/// <summary>
/// FFmpeg arguments for a participant's video decoder: an elementary stream on stdin (IVF for VP8,
/// Annex B for H.264), raw I420 frames of a fixed size on stdout, one out for each in, no added delay.
/// </summary>
/// <remarks>
/// Input probing stops after the first packet (<c>-probesize 32 -analyzeduration 0</c>: the keyframe
/// tells the decoder everything it needs), and <c>-fpsprobesize 0</c> tells FFmpeg not to estimate a
/// frame rate from it: frames pass through one for one (<c>-fps_mode passthrough</c>), so no rate is
/// needed, and the estimate that probing cut short only left "not enough frames to estimate rate" in
/// every decoder's stderr, the last line of every failure report. Not <c>-fflags nobuffer</c>: FFmpeg
/// 5.1 then drops the probed keyframe and decodes nothing until the next one.
/// </remarks>
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
        "-flags", "low_delay", "-probesize", "32", "-analyzeduration", "0", "-fpsprobesize", "0",
        "-f", inputFormat, "-i", "pipe:0",
        "-an", "-fps_mode", "passthrough",
        "-vf", string.Create(CultureInfo.InvariantCulture, $"scale={width}:{height}:flags=bilinear"),
        "-pix_fmt", "yuv420p", "-f", "rawvideo", "pipe:1",
    ];
}
