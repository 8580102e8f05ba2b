using System.Globalization;

namespace LiveServer.Media.Ffmpeg;

/// <summary>
/// FFmpeg arguments for a test participant's picture: a moving test pattern (or a solid colour)
/// with the participant's name, encoded in real time as VP8 into IVF on stdout.
/// </summary>
public static class TestSourceArguments
{
    /// <summary>Builds the argument list.</summary>
    /// <param name="width">Picture width (even).</param>
    /// <param name="height">Picture height (even).</param>
    /// <param name="fps">Frames per second.</param>
    /// <param name="color">A <c>#rrggbb</c> colour for a solid picture, or null for the test pattern.</param>
    /// <param name="nameFile">A file holding the name to draw (avoids filter-graph escaping).</param>
    public static IReadOnlyList<string> Build(int width, int height, int fps, string? color, string nameFile)
    {
        var size = string.Create(CultureInfo.InvariantCulture, $"{width}x{height}");
        var source = color is null
            ? $"testsrc2=size={size}:rate={fps}"
            : $"color=c=0x{color.TrimStart('#')}:size={size}:rate={fps}";
        var label = "drawtext=textfile=" + nameFile
            + ":expansion=none:fontcolor=white:fontsize=h/10:x=(w-tw)/2:y=h-th-h/12"
            + ":box=1:boxcolor=black@0.6:boxborderw=6";
        var keyframeInterval = fps.ToString(CultureInfo.InvariantCulture);
        var bitrate = string.Create(CultureInfo.InvariantCulture, $"{Math.Max(300, width * height * fps / 1000 / 12)}k");
        return
        [
            "-hide_banner", "-loglevel", "warning", "-nostats",
            "-re", "-f", "lavfi", "-i", source,
            "-vf", label,
            "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-threads", "1",
            "-b:v", bitrate, "-g", keyframeInterval, "-keyint_min", keyframeInterval,
            "-auto-alt-ref", "0", "-lag-in-frames", "0",
            "-f", "ivf", "pipe:1",
        ];
    }
}
