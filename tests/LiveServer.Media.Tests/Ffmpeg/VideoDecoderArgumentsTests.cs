using LiveServer.Media.Ffmpeg;
using LiveServer.Media.Tests.TestKit;

namespace LiveServer.Media.Tests.Ffmpeg;

public sealed class VideoDecoderArgumentsTests
{
    [Fact]
    public void Build_Ivf_ReadsStdinWithoutProbingDelay()
    {
        var arguments = VideoDecoderArguments.Build("ivf", 640, 360);

        Arguments.ContainsSequence(arguments, "-f", "ivf", "-i", "pipe:0");
        Assert.Equal("32", Arguments.ValueOf(arguments, "-probesize"));
        Assert.Equal("0", Arguments.ValueOf(arguments, "-analyzeduration"));
        Assert.Equal("low_delay", Arguments.ValueOf(arguments, "-flags"));
        Assert.Equal("0", Arguments.ValueOf(arguments, "-fpsprobesize"));
        Assert.DoesNotContain("-fflags", arguments);
    }

    [Fact]
    public void Build_Size_ScalesToFixedSizeRawI420OnStdout()
    {
        var arguments = VideoDecoderArguments.Build("h264", 1280, 720);

        Arguments.ContainsSequence(arguments, "-f", "h264", "-i", "pipe:0");
        Assert.Equal("scale=1280:720:flags=bilinear", Arguments.ValueOf(arguments, "-vf"));
        Assert.Equal("yuv420p", Arguments.ValueOf(arguments, "-pix_fmt"));
        Assert.Equal("passthrough", Arguments.ValueOf(arguments, "-fps_mode"));
        Assert.Contains("-an", arguments);
        Assert.Equal(["-f", "rawvideo", "pipe:1"], arguments.TakeLast(3));
    }

    [Fact]
    public void Build_Any_InputBeforeOutput()
    {
        var arguments = VideoDecoderArguments.Build("ivf", 320, 240);

        Assert.True(arguments.ToList().IndexOf("pipe:0") < arguments.ToList().IndexOf("pipe:1"));
    }
}
