using System.Globalization;
using LiveServer.Domain.Livestreams;
using LiveServer.Media.Encoding;
using LiveServer.Media.Ffmpeg;
using LiveServer.Media.Tests.TestKit;

namespace LiveServer.Media.Tests.Ffmpeg;

/// <summary>
/// The encoder's FFmpeg arguments for a ladder: raw video on stdin and PCM over loopback TCP in, one
/// fragmented MP4 output per rendition to its own loopback port, keyframes at the same instants in
/// every rendition, fragments of the part length.
/// </summary>
public sealed class EncoderArgumentsTests
{
    private const int AudioPort = 40123;
    private static readonly int[] OutputPorts = [41001, 41002, 41003];
    private static readonly TimeSpan Part = TimeSpan.FromMilliseconds(200);

    private static IReadOnlyList<Rendition> Ladder(Quality quality, Orientation orientation = Orientation.Landscape, StreamMode mode = StreamMode.VideoAndAudio) =>
        Rendition.LadderFor(LivestreamConfig.Default with { Quality = quality, Orientation = orientation, Mode = mode });

    private static IReadOnlyList<string> Build(IReadOnlyList<Rendition> ladder, double segmentSeconds = 2, double partSeconds = 0.2) =>
        EncoderArguments.Build(ladder, AudioPort, OutputPorts[..ladder.Count], TimeSpan.FromSeconds(segmentSeconds), TimeSpan.FromSeconds(partSeconds), "veryfast");

    /// <summary>Each output's options: from its first -map (or the one after the previous output) to its URL.</summary>
    private static List<IReadOnlyList<string>> Outputs(IReadOnlyList<string> arguments)
    {
        var outputs = new List<IReadOnlyList<string>>();
        var start = arguments.ToList().IndexOf("-map");
        for (var i = start; i < arguments.Count; i++)
        {
            if (arguments[i].StartsWith("tcp://", StringComparison.Ordinal) && arguments[i - 1] != "-i")
            {
                outputs.Add([.. arguments.Skip(start).Take(i - start + 1)]);
                start = i + 1;
            }
        }

        Assert.Equal(arguments.Count, start);
        return outputs;
    }

    [Fact]
    public void Build_Video_RawVideoOnStdinAtTheTopRungsSize()
    {
        var arguments = Build(Ladder(Quality.High));

        Arguments.ContainsSequence(arguments, "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", "1920x1080", "-framerate", "30");
        Arguments.ContainsSequence(arguments, "-i", "pipe:0");
        Assert.DoesNotContain("-nostdin", arguments);
    }

    [Fact]
    public void Build_Video_AudioFromLoopbackTcpAsSecondInput()
    {
        var arguments = Build(Ladder(Quality.Med));

        Arguments.ContainsSequence(arguments, "-f", "s16le", "-ar", "48000", "-ac", "2");
        Arguments.ContainsSequence(arguments, "-i", $"tcp://127.0.0.1:{AudioPort}");
        Assert.True(
            Arguments.IndexOfSequence(arguments, "-i", "pipe:0") < Arguments.IndexOfSequence(arguments, "-i", $"tcp://127.0.0.1:{AudioPort}"),
            "video must be input 0 and audio input 1");
        Assert.Equal(2, arguments.Count(a => a == "-i"));
    }

    [Fact]
    public void Build_ThreeRungs_SplitIntoThreeAndLowerRungsScaledToTheirSize()
    {
        var chains = Arguments.ValueOf(Build(Ladder(Quality.High)), "-filter_complex").Split(';');

        Assert.StartsWith("[0:v]split=3", chains[0], StringComparison.Ordinal);
        Assert.Contains("[v0]", chains[0], StringComparison.Ordinal);
        Assert.Contains("scale=1280:720", Assert.Single(chains, c => c.EndsWith("[v1]", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("scale=640:360", Assert.Single(chains, c => c.EndsWith("[v2]", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(3, chains.Length);
    }

    [Fact]
    public void Build_ThreeRungs_EachOutputMapsItsScaledVideoAndTheAudio()
    {
        var outputs = Outputs(Build(Ladder(Quality.High)));

        Assert.Equal(3, outputs.Count);
        for (var i = 0; i < outputs.Count; i++)
        {
            Assert.Equal(["-map", $"[v{i}]", "-map", "1:a"], outputs[i].Take(4));
            Assert.Equal($"tcp://127.0.0.1:{OutputPorts[i]}", outputs[i][^1]);
        }
    }

    [Fact]
    public void Build_ThreeRungs_EachOutputAtItsRungsBitrate()
    {
        var ladder = Ladder(Quality.High);
        var outputs = Outputs(Build(ladder));

        Assert.Equal([4500, 2500, 800], ladder.Select(r => r.Format.VideoBitrateKbps));
        for (var i = 0; i < outputs.Count; i++)
        {
            var kbps = ladder[i].Format.VideoBitrateKbps;
            Assert.Equal("libx264", Arguments.ValueOf(outputs[i], "-c:v"));
            Assert.Equal("veryfast", Arguments.ValueOf(outputs[i], "-preset"));
            Assert.Equal("zerolatency", Arguments.ValueOf(outputs[i], "-tune"));
            Assert.Equal($"{kbps}k", Arguments.ValueOf(outputs[i], "-b:v"));
            Assert.Equal($"{kbps}k", Arguments.ValueOf(outputs[i], "-maxrate"));
            Assert.Equal($"{kbps * 2}k", Arguments.ValueOf(outputs[i], "-bufsize"));
            Assert.Equal("aac", Arguments.ValueOf(outputs[i], "-c:a"));
            Assert.Equal("128k", Arguments.ValueOf(outputs[i], "-b:a"));
        }
    }

    [Fact]
    public void Build_TwoSecondSegments_KeyframeEverySegmentAtTheSameInstantsInEveryRendition()
    {
        var outputs = Outputs(Build(Ladder(Quality.High), segmentSeconds: 2));

        Assert.All(outputs, output =>
        {
            Assert.Equal("60", Arguments.ValueOf(output, "-g"));
            Assert.Equal("60", Arguments.ValueOf(output, "-keyint_min"));
            Assert.Equal("0", Arguments.ValueOf(output, "-sc_threshold"));
            Assert.Equal("expr:gte(t,n_forced*2)", Arguments.ValueOf(output, "-force_key_frames"));
        });
    }

    [Fact]
    public void Build_EveryOutput_FragmentedMp4WithPartLengthFragmentsToItsPort()
    {
        var ladder = Ladder(Quality.Med);
        var outputs = Outputs(Build(ladder, partSeconds: 0.2));

        Assert.Equal(2, outputs.Count);
        for (var i = 0; i < outputs.Count; i++)
        {
            Arguments.ContainsSequence(outputs[i], "-f", "mp4", "-movflags", EncoderArguments.FragmentFlags);
            Assert.Equal("200000", Arguments.ValueOf(outputs[i], "-frag_duration"));
            Assert.Equal(PartLength.FragmentMicroseconds(ladder[i], Part).ToString(CultureInfo.InvariantCulture), Arguments.ValueOf(outputs[i], "-frag_duration"));
            Assert.Equal("make_non_negative", Arguments.ValueOf(outputs[i], "-avoid_negative_ts"));
            Assert.Equal($"tcp://127.0.0.1:{OutputPorts[i]}", outputs[i][^1]);
        }
    }

    [Fact]
    public void FragmentFlags_EmptyMoovMoofRelativeOffsetsAndAFragmentPerKeyframe()
    {
        var flags = EncoderArguments.FragmentFlags.Split('+');

        Assert.Contains("empty_moov", flags);
        Assert.Contains("default_base_moof", flags);
        Assert.Contains("frag_keyframe", flags);
    }

    [Fact]
    public void Build_OneRung_NoFilterGraphAndTheInputsVideoMapped()
    {
        var arguments = Build(Ladder(Quality.Low));

        Assert.DoesNotContain("-filter_complex", arguments);
        Assert.Equal("640x360", Arguments.ValueOf(arguments, "-s"));
        var output = Assert.Single(Outputs(arguments));
        Assert.Equal(["-map", "0:v", "-map", "1:a"], output.Take(4));
        Assert.Equal("800k", Arguments.ValueOf(output, "-b:v"));
    }

    [Fact]
    public void Build_AudioOnly_NoVideoInputOrEncoderAndOneAudioOutput()
    {
        var ladder = Ladder(Quality.Med, mode: StreamMode.Audio);

        var arguments = Build(ladder);

        Assert.Contains("-nostdin", arguments);
        Assert.DoesNotContain("pipe:0", arguments);
        Assert.DoesNotContain("rawvideo", arguments);
        Assert.DoesNotContain("-filter_complex", arguments);
        Assert.DoesNotContain("-c:v", arguments);
        Assert.DoesNotContain("libx264", arguments);
        Assert.Equal($"tcp://127.0.0.1:{AudioPort}", Arguments.ValueOf(arguments, "-i"));
        var output = Assert.Single(Outputs(arguments));
        Assert.Equal(["-map", "0:a"], output.Take(2));
        Assert.Equal("aac", Arguments.ValueOf(output, "-c:a"));
        Assert.Equal("192000", Arguments.ValueOf(output, "-frag_duration"));
        Assert.Equal($"tcp://127.0.0.1:{OutputPorts[0]}", output[^1]);
    }

    [Fact]
    public void Build_PortraitMed_InputAndScaleFollowTheRotatedSizes()
    {
        var arguments = Build(Ladder(Quality.Med, Orientation.Portrait));

        Assert.Equal("720x1280", Arguments.ValueOf(arguments, "-s"));
        Assert.Contains("scale=360:640", Arguments.ValueOf(arguments, "-filter_complex"), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_FractionalDurationsUnderCommaCulture_InvariantNumbers()
    {
        var arguments = Arguments.UnderCommaDecimalCulture(() => Build(Ladder(Quality.Low), segmentSeconds: 1.5, partSeconds: 0.25));

        Assert.Equal("45", Arguments.ValueOf(arguments, "-g"));
        Assert.Equal("expr:gte(t,n_forced*1.5)", Arguments.ValueOf(arguments, "-force_key_frames"));
        Assert.Equal("233333", Arguments.ValueOf(arguments, "-frag_duration"));
        Assert.DoesNotContain(arguments, a => a.Contains("1,5", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(1, 2)]
    [InlineData(0, 0)]
    public void Build_NotOnePortPerRendition_ArgumentException(int rungs, int ports)
    {
        var ladder = Ladder(Quality.High).Take(rungs).ToList();

        Assert.Throws<ArgumentException>(() => EncoderArguments.Build(ladder, AudioPort, OutputPorts[..ports], TimeSpan.FromSeconds(2), Part, "veryfast"));
    }
}
