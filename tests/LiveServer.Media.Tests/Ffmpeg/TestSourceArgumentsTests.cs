using LiveServer.Media.Ffmpeg;
using LiveServer.Media.Tests.TestKit;

namespace LiveServer.Media.Tests.Ffmpeg;

public sealed class TestSourceArgumentsTests
{
    [Fact]
    public void Build_NoColor_MovingTestPatternOfSizeAndRate()
    {
        var arguments = TestSourceArguments.Build(640, 360, 30, null, "/tmp/name.txt");

        Arguments.ContainsSequence(arguments, "-re", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30");
    }

    [Fact]
    public void Build_Color_SolidColourSourceWithHexValue()
    {
        var arguments = TestSourceArguments.Build(320, 240, 15, "#ff8800", "/tmp/name.txt");

        Assert.Equal("color=c=0xff8800:size=320x240:rate=15", Arguments.ValueOf(arguments, "-i"));
    }

    [Fact]
    public void Build_Label_DrawtextReadsTheNameFromTheFile()
    {
        var arguments = TestSourceArguments.Build(640, 360, 30, null, "/tmp/participant-name.txt");

        var filter = Arguments.ValueOf(arguments, "-vf");
        Assert.StartsWith("drawtext=textfile=/tmp/participant-name.txt:", filter, StringComparison.Ordinal);
        Assert.Contains("expansion=none", filter, StringComparison.Ordinal);
        Assert.DoesNotContain(":text=", filter, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Encoder_RealtimeVp8IntoIvfOnStdout()
    {
        var arguments = TestSourceArguments.Build(640, 360, 30, null, "/tmp/name.txt");

        Assert.Equal("libvpx", Arguments.ValueOf(arguments, "-c:v"));
        Assert.Equal("realtime", Arguments.ValueOf(arguments, "-deadline"));
        Assert.Equal("30", Arguments.ValueOf(arguments, "-g"));
        Assert.Equal("0", Arguments.ValueOf(arguments, "-auto-alt-ref"));
        Assert.Equal(["-f", "ivf", "pipe:1"], arguments.TakeLast(3));
    }

    [Fact]
    public void Build_SmallPicture_BitrateHasAFloor()
    {
        var arguments = TestSourceArguments.Build(64, 64, 1, null, "/tmp/name.txt");

        Assert.Equal("300k", Arguments.ValueOf(arguments, "-b:v"));
    }

    [Fact]
    public void Build_UnderCommaCulture_SizeAndRateUseInvariantDigits()
    {
        var arguments = Arguments.UnderCommaDecimalCulture(() => TestSourceArguments.Build(1920, 1080, 60, null, "/tmp/n.txt"));

        Assert.Equal("testsrc2=size=1920x1080:rate=60", Arguments.ValueOf(arguments, "-i"));
        Assert.Matches("^[0-9]+k$", Arguments.ValueOf(arguments, "-b:v"));
    }
}
