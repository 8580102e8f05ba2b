using LiveServer.Domain.Livestreams;
using LiveServer.Media.Encoding;

namespace LiveServer.Media.Tests.Encoding;

/// <summary>
/// Part lengths as the encoder can cut them: whole video frames (or 1024-sample AAC frames for
/// audio only), at most the requested length, at least one frame; the -frag_duration value rounded down.
/// </summary>
public sealed class PartLengthTests
{
    private static readonly Rendition Video30 = Rendition.LadderFor(LivestreamConfig.Default)[0];
    private static readonly Rendition Audio = Rendition.LadderFor(LivestreamConfig.Default with { Mode = StreamMode.Audio })[0];

    [Theory]
    [InlineData(2_000_000, 6, 200_000)] // 0.2 s: 6 frames exactly
    [InlineData(2_500_000, 7, 233_333)] // 0.25 s: 7.5 frames, 7 fit
    [InlineData(3_333_333, 10, 333_333)] // 1/3 s as a TimeSpan holds it: 10 frames
    [InlineData(3_330_000, 9, 300_000)] // 0.333 s: 9.99 frames, 9 fit
    [InlineData(10_000_000, 30, 1_000_000)]
    public void For_Video30Fps_WholeFramesNoLongerThanAskedFor(long requestedTicks, int frames, long microseconds)
    {
        var requested = TimeSpan.FromTicks(requestedTicks);

        var length = PartLength.For(Video30, requested);

        Assert.Equal(frames / 30.0, length.TotalSeconds, precision: 6);
        Assert.True(length <= requested, $"{length} is longer than the {requested} asked for");
        Assert.Equal(microseconds, PartLength.FragmentMicroseconds(Video30, requested));
    }

    [Fact]
    public void For_AudioOnly_WholeAacFrames()
    {
        var length = PartLength.For(Audio, TimeSpan.FromMilliseconds(200));

        Assert.Equal(0.192, length.TotalSeconds, precision: 6);
        Assert.Equal(192_000, PartLength.FragmentMicroseconds(Audio, TimeSpan.FromMilliseconds(200)));
        Assert.Equal(9 * PartLength.AacFrameSamples, length.TotalSeconds * OutputFormat.AudioSampleRate, precision: 3);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-5)]
    public void For_ShorterThanOneFrame_OneFrame(int requestedMilliseconds)
    {
        var requested = TimeSpan.FromMilliseconds(requestedMilliseconds);

        Assert.Equal(1 / 30.0, PartLength.For(Video30, requested).TotalSeconds, precision: 6);
        Assert.Equal(33_333, PartLength.FragmentMicroseconds(Video30, requested));
        Assert.Equal(1024 / 48_000.0, PartLength.For(Audio, requested).TotalSeconds, precision: 6);
        Assert.Equal(21_333, PartLength.FragmentMicroseconds(Audio, requested));
    }

    [Fact]
    public void FragmentMicroseconds_NeverAboveThePartLength()
    {
        for (var ms = 1; ms <= 2000; ms++)
        {
            var requested = TimeSpan.FromMilliseconds(ms);
            foreach (var rendition in (Rendition[])[Video30, Audio])
            {
                var microseconds = PartLength.FragmentMicroseconds(rendition, requested);
                Assert.True(
                    microseconds <= PartLength.For(rendition, requested).TotalMicroseconds && PartLength.For(rendition, requested).TotalMicroseconds - microseconds < 1,
                    $"{ms} ms, {rendition.Name}: {microseconds} µs");
            }
        }
    }

    [Fact]
    public void For_NullRendition_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => PartLength.For(null!, TimeSpan.FromSeconds(1)));
    }
}
