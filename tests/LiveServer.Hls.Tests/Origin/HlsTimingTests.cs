using LiveServer.Hls.Origin;
using LiveServer.Hls.Tests.TestKit;

namespace LiveServer.Hls.Tests.Origin;

/// <summary>The lengths derived from the configured segment and part durations.</summary>
public sealed class HlsTimingTests
{
    [Fact]
    public void Defaults_TwoSecondSegmentsOfFifthOfASecondParts()
    {
        var timing = Fragments.Timing;

        Assert.Equal(2, timing.TargetDuration);
        Assert.Equal(TimeSpan.FromSeconds(6), timing.BlockingLimit);
        Assert.Equal(TimeSpan.FromMilliseconds(600), timing.PartHoldBack);
        Assert.Equal(2, timing.PartSegments);
    }

    [Theory]
    [InlineData(1000, 1)]
    [InlineData(1500, 2)]
    [InlineData(2000, 2)]
    [InlineData(2001, 3)]
    [InlineData(10_000, 10)]
    public void TargetDuration_SegmentDurationRoundedUp(int segmentMs, int expected)
    {
        var timing = new HlsTiming(TimeSpan.FromMilliseconds(segmentMs), Fragments.PartDuration, 6);

        Assert.Equal(expected, timing.TargetDuration);
        Assert.Equal(TimeSpan.FromSeconds(3 * expected), timing.BlockingLimit);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1500)]
    [InlineData(2000)]
    [InlineData(4000)]
    [InlineData(10_000)]
    public void PartSegments_WithTheOpenOne_AtMostThreeSegmentsAndAboutThreeTargetDurations(int segmentMs)
    {
        var timing = new HlsTiming(TimeSpan.FromMilliseconds(segmentMs), Fragments.PartDuration, 6);

        Assert.InRange(timing.PartSegments, 1, 3);
        Assert.True((timing.PartSegments + 1) * timing.SegmentDuration.TotalSeconds >= 3 * timing.TargetDuration, "The parts listed reach three target durations back.");
    }
}
