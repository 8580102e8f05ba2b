using LiveServer.Media.Ffmpeg;
using LiveServer.Media.Tests.TestKit;
using LiveServer.Media.TestSources;

namespace LiveServer.Media.Tests.Ffmpeg;

public sealed class TestSourceArgumentsTests
{
    [Fact]
    public void Build_Moving_TestPatternOfSizeAndRateNotPacedInRealTime()
    {
        var arguments = TestSourceArguments.Build(640, 360, 30, TestPattern.Moving, null, "/tmp/name.txt", 300);

        Arguments.ContainsSequence(arguments, "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30");
        Assert.DoesNotContain("-re", arguments);
    }

    [Fact]
    public void Build_Color_SolidColourSourceWithHexValue()
    {
        var arguments = TestSourceArguments.Build(320, 240, 15, TestPattern.Color, "#ff8800", "/tmp/name.txt", 150);

        Assert.Equal("color=c=0xff8800:size=320x240:rate=15", Arguments.ValueOf(arguments, "-i"));
    }

    [Fact]
    public void Build_Counter_OneBoxPerBitEnabledByItsBitOfTheFrameNumber()
    {
        var arguments = TestSourceArguments.Build(1280, 720, 30, TestPattern.Counter, "#ff8800", "/tmp/name.txt", 300);

        Assert.Equal("color=c=black:size=1280x720:rate=30", Arguments.ValueOf(arguments, "-i"));
        var filters = Arguments.ValueOf(arguments, "-vf").Split(',', StringSplitOptions.None);
        var boxes = filters.Where(f => f.StartsWith("drawbox=", StringComparison.Ordinal)).ToList();
        Assert.Equal(CounterBlocks.Bits, boxes.Count);
        Assert.Contains("enable='eq(mod(floor(n/1)", boxes[0], StringComparison.Ordinal);
        Assert.Contains("enable='eq(mod(floor(n/512)", boxes[9], StringComparison.Ordinal);
        Assert.StartsWith("drawtext=textfile=/tmp/name.txt:", filters[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Label_DrawtextReadsTheNameFromTheFile()
    {
        var arguments = TestSourceArguments.Build(640, 360, 30, TestPattern.Moving, null, "/tmp/participant-name.txt", 300);

        var filter = Arguments.ValueOf(arguments, "-vf");
        Assert.StartsWith("drawtext=textfile=/tmp/participant-name.txt:", filter, StringComparison.Ordinal);
        Assert.Contains("expansion=none", filter, StringComparison.Ordinal);
        Assert.DoesNotContain(":text=", filter, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Encoder_Vp8IntoIvfOnStdoutWithAKeyframeEverySecondAndTheClipLength()
    {
        var arguments = TestSourceArguments.Build(640, 360, 30, TestPattern.Moving, null, "/tmp/name.txt", 300);

        Assert.Equal("libvpx", Arguments.ValueOf(arguments, "-c:v"));
        Assert.Equal("300", Arguments.ValueOf(arguments, "-frames:v"));
        Assert.Equal("30", Arguments.ValueOf(arguments, "-g"));
        Assert.Equal("30", Arguments.ValueOf(arguments, "-keyint_min"));
        Assert.Equal("0", Arguments.ValueOf(arguments, "-auto-alt-ref"));
        Assert.Equal(["-f", "ivf", "pipe:1"], arguments.TakeLast(3));
    }

    [Fact]
    public void Build_SmallPicture_BitrateHasAFloor()
    {
        var arguments = TestSourceArguments.Build(64, 64, 1, TestPattern.Moving, null, "/tmp/name.txt", 10);

        Assert.Equal("300k", Arguments.ValueOf(arguments, "-b:v"));
    }

    [Fact]
    public void Build_UnderCommaCulture_SizeAndRateUseInvariantDigits()
    {
        var arguments = Arguments.UnderCommaDecimalCulture(
            () => TestSourceArguments.Build(1920, 1080, 60, TestPattern.Counter, null, "/tmp/n.txt", 600));

        Assert.Equal("color=c=black:size=1920x1080:rate=60", Arguments.ValueOf(arguments, "-i"));
        Assert.Matches("^[0-9]+k$", Arguments.ValueOf(arguments, "-b:v"));
        Assert.DoesNotMatch("[0-9],[0-9]", Arguments.ValueOf(arguments, "-vf"));
    }
}
