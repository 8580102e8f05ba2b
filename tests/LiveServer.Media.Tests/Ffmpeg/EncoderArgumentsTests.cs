using LiveServer.Domain.Livestreams;
using LiveServer.Media.Ffmpeg;
using LiveServer.Media.Tests.TestKit;

namespace LiveServer.Media.Tests.Ffmpeg;

public sealed class EncoderArgumentsTests
{
    private const string Folder = "/data/hls/ls-1";
    private static readonly OutputFormat Med = new(1280, 720, 30, 2500, 128);

    private static IReadOnlyList<string> Video(double segmentSeconds = 2, int port = 40123, int firstSegment = 0) =>
        EncoderArguments.Build(Med, audioOnly: false, port, TimeSpan.FromSeconds(segmentSeconds), "veryfast", Folder, firstSegment);

    private static IReadOnlyList<string> AudioOnly(int port = 40123) =>
        EncoderArguments.Build(Med, audioOnly: true, port, TimeSpan.FromSeconds(2), "veryfast", Folder);

    [Fact]
    public void Build_Video_RawVideoInputOnStdinWithSizeAndRate()
    {
        var arguments = Video();

        Arguments.ContainsSequence(arguments, "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", "1280x720", "-framerate", "30");
        Arguments.ContainsSequence(arguments, "-i", "pipe:0");
    }

    [Fact]
    public void Build_Video_AudioInputFromLoopbackTcpPort()
    {
        var arguments = Video(port: 40123);

        Arguments.ContainsSequence(arguments, "-f", "s16le", "-ar", "48000", "-ac", "2");
        Arguments.ContainsSequence(arguments, "-i", "tcp://127.0.0.1:40123");
        Assert.True(
            Arguments.IndexOfSequence(arguments, "-i", "pipe:0") < Arguments.IndexOfSequence(arguments, "-i", "tcp://127.0.0.1:40123"),
            "video must be input 0 and audio input 1");
    }

    [Fact]
    public void Build_Video_MapsVideoFromFirstAndAudioFromSecondInput()
    {
        Arguments.ContainsSequence(Video(), "-map", "0:v", "-map", "1:a");
    }

    [Fact]
    public void Build_Video_H264AtTheConfiguredBitrate()
    {
        var arguments = Video();

        Assert.Equal("libx264", Arguments.ValueOf(arguments, "-c:v"));
        Assert.Equal("veryfast", Arguments.ValueOf(arguments, "-preset"));
        Assert.Equal("2500k", Arguments.ValueOf(arguments, "-b:v"));
        Assert.Equal("2500k", Arguments.ValueOf(arguments, "-maxrate"));
        Assert.Equal("5000k", Arguments.ValueOf(arguments, "-bufsize"));
        Assert.Equal("aac", Arguments.ValueOf(arguments, "-c:a"));
        Assert.Equal("128k", Arguments.ValueOf(arguments, "-b:a"));
    }

    [Fact]
    public void Build_TwoSecondSegmentsAt30Fps_KeyframeEverySegment()
    {
        var arguments = Video(segmentSeconds: 2);

        Assert.Equal("60", Arguments.ValueOf(arguments, "-g"));
        Assert.Equal("60", Arguments.ValueOf(arguments, "-keyint_min"));
        Assert.Equal("0", Arguments.ValueOf(arguments, "-sc_threshold"));
        Assert.Equal("expr:gte(t,n_forced*2)", Arguments.ValueOf(arguments, "-force_key_frames"));
        Assert.Equal("2", Arguments.ValueOf(arguments, "-segment_time"));
    }

    [Fact]
    public void Build_SegmentMuxer_ListsSegmentsAsCsvOnStdout()
    {
        var arguments = Video(firstSegment: 7);

        Arguments.ContainsSequence(arguments, "-f", "segment", "-segment_format", "mpegts");
        Assert.Equal("pipe:1", Arguments.ValueOf(arguments, "-segment_list"));
        Assert.Equal("csv", Arguments.ValueOf(arguments, "-segment_list_type"));
        Assert.Equal("7", Arguments.ValueOf(arguments, "-segment_start_number"));
    }

    [Fact]
    public void Build_SegmentPattern_IsLastArgumentInsideTheFolder()
    {
        var arguments = Video();

        var output = arguments[^1];
        Assert.Equal(Folder, Path.GetDirectoryName(output));
        Assert.Equal(EncoderArguments.SegmentPattern, Path.GetFileName(output));
        Assert.Equal("seg_%05d.ts", EncoderArguments.SegmentPattern);
    }

    [Fact]
    public void Build_FractionalSegmentUnderCommaCulture_InvariantNumbers()
    {
        var arguments = Arguments.UnderCommaDecimalCulture(() => Video(segmentSeconds: 1.5));

        Assert.Equal("1.5", Arguments.ValueOf(arguments, "-segment_time"));
        Assert.Equal("45", Arguments.ValueOf(arguments, "-g"));
        Assert.Equal("expr:gte(t,n_forced*1.5)", Arguments.ValueOf(arguments, "-force_key_frames"));
        Assert.DoesNotContain(arguments, a => a.Contains("1,5", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_AudioOnly_NoVideoInputAndNoVideoEncoder()
    {
        var arguments = AudioOnly();

        Assert.DoesNotContain("pipe:0", arguments);
        Assert.DoesNotContain("rawvideo", arguments);
        Assert.DoesNotContain("libx264", arguments);
        Assert.DoesNotContain("-c:v", arguments);
        Assert.DoesNotContain("0:v", arguments);
        Assert.Contains("-nostdin", arguments);
    }

    [Fact]
    public void Build_AudioOnly_MapsAudioOfTheOnlyInput()
    {
        var arguments = AudioOnly(port: 5555);

        Assert.Equal("0:a", Arguments.ValueOf(arguments, "-map"));
        Assert.Equal("tcp://127.0.0.1:5555", Arguments.ValueOf(arguments, "-i"));
        Assert.Equal("aac", Arguments.ValueOf(arguments, "-c:a"));
        Assert.Equal("pipe:1", Arguments.ValueOf(arguments, "-segment_list"));
    }

    [Fact]
    public void Build_PortraitLow_SizeAndBitrateFollowFormat()
    {
        var format = (LivestreamConfig.Default with { Quality = Quality.Low, Orientation = Orientation.Portrait }).ToOutputFormat();

        var arguments = EncoderArguments.Build(format, false, 1, TimeSpan.FromSeconds(2), "veryfast", Folder);

        Assert.Equal("360x640", Arguments.ValueOf(arguments, "-s"));
        Assert.Equal("800k", Arguments.ValueOf(arguments, "-b:v"));
    }
}
