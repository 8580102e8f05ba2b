using System.Globalization;
using System.Text;
using LiveServer.Media.TestSources;

namespace LiveServer.Media.Ffmpeg;

/// <summary>
/// FFmpeg arguments for a test participant's clip: a moving test pattern, a solid colour or a frame
/// counter, with the participant's name, encoded once (as fast as FFmpeg can, not in real time) as VP8
/// into IVF on stdout, a keyframe every second, a given number of frames long.
/// </summary>
public static class TestSourceArguments
{
    /// <summary>Builds the argument list.</summary>
    /// <param name="width">Picture width (even).</param>
    /// <param name="height">Picture height (even).</param>
    /// <param name="fps">Frames per second.</param>
    /// <param name="pattern">What the picture shows.</param>
    /// <param name="color">A <c>#rrggbb</c> colour for <see cref="TestPattern.Color"/>; ignored otherwise.</param>
    /// <param name="nameFile">A file holding the name to draw (avoids filter-graph escaping).</param>
    /// <param name="frameCount">Frames to encode: the clip's length.</param>
    public static IReadOnlyList<string> Build(
        int width, int height, int fps, TestPattern pattern, string? color, string nameFile, int frameCount)
    {
        var size = string.Create(CultureInfo.InvariantCulture, $"{width}x{height}");
        var source = pattern switch
        {
            TestPattern.Color when color is not null => $"color=c=0x{color.TrimStart('#')}:size={size}:rate={fps}",
            TestPattern.Counter => $"color=c=black:size={size}:rate={fps}",
            _ => $"testsrc2=size={size}:rate={fps}",
        };
        var filter = new StringBuilder();
        if (pattern == TestPattern.Counter)
        {
            AppendCounter(filter, width, height);
        }

        filter.Append("drawtext=textfile=").Append(nameFile)
            .Append(":expansion=none:fontcolor=white:fontsize=h/10:x=(w-tw)/2:y=h-th-h/12")
            .Append(":box=1:boxcolor=black@0.6:boxborderw=6");
        var keyframeInterval = fps.ToString(CultureInfo.InvariantCulture);
        var bitrate = string.Create(CultureInfo.InvariantCulture, $"{Math.Max(300, width * height * fps / 1000 / 12)}k");
        return
        [
            "-hide_banner", "-loglevel", "warning", "-nostats",
            "-f", "lavfi", "-i", source,
            "-vf", filter.ToString(),
            "-frames:v", frameCount.ToString(CultureInfo.InvariantCulture),
            "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-threads", "1",
            "-b:v", bitrate, "-g", keyframeInterval, "-keyint_min", keyframeInterval,
            "-auto-alt-ref", "0", "-lag-in-frames", "0",
            "-f", "ivf", "pipe:1",
        ];
    }

    /// <summary>One filled white box per bit of the frame number <c>n</c>, shown only on frames where that bit is set.</summary>
    private static void AppendCounter(StringBuilder filter, int width, int height)
    {
        for (var bit = 0; bit < CounterBlocks.Bits; bit++)
        {
            var (x, y, w, h) = CounterBlocks.Block(bit, width, height);
            filter.Append(CultureInfo.InvariantCulture,
                $"drawbox=x={x}:y={y}:w={w}:h={h}:color=white:t=fill:enable='eq(mod(floor(n/{1 << bit}),2),1)',");
        }
    }
}
