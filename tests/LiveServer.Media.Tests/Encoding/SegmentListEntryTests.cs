using LiveServer.Media.Encoding;

namespace LiveServer.Media.Tests.Encoding;

public sealed class SegmentListEntryTests
{
    [Fact]
    public void TryParse_ValidLine_NameTimesAndDuration()
    {
        Assert.True(SegmentListEntry.TryParse("seg_00003.ts,6.000000,8.000000", out var entry));

        Assert.Equal("seg_00003.ts", entry.FileName);
        Assert.Equal(6.0, entry.Start);
        Assert.Equal(8.0, entry.End);
        Assert.Equal(TimeSpan.FromSeconds(2), entry.Duration);
    }

    [Fact]
    public void TryParse_FractionalTimes_DurationIsTheDifference()
    {
        Assert.True(SegmentListEntry.TryParse("seg_00000.ts,0.000000,2.002000", out var entry));

        Assert.Equal(2.002, entry.Duration.TotalSeconds, precision: 6);
    }

    [Fact]
    public void TryParse_SurroundingWhitespaceOrCarriageReturn_Accepted()
    {
        Assert.True(SegmentListEntry.TryParse("  seg_00001.ts,2.0,4.0\r", out var entry));

        Assert.Equal("seg_00001.ts", entry.FileName);
    }

    [Fact]
    public void TryParse_EqualStartAndEnd_ZeroDuration()
    {
        Assert.True(SegmentListEntry.TryParse("seg_00001.ts,4,4", out var entry));

        Assert.Equal(TimeSpan.Zero, entry.Duration);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("seg_00003.ts,6.0")]
    [InlineData("seg_00003.ts")]
    [InlineData("seg_00003.ts,6.0,8.0,10.0")]
    [InlineData("seg_00003.ts,six,8.0")]
    [InlineData("seg_00003.ts,6.0,")]
    [InlineData("seg_00003.ts,6,0,8,0")]
    [InlineData("seg_00003.ts,8.0,6.0")]
    [InlineData("seg_00003.ts,NaN,8.0")]
    [InlineData("seg_00003.ts,0.0,NaN")]
    [InlineData("seg_00003.ts,0.0,Infinity")]
    [InlineData("seg_00003.ts,-Infinity,1.0")]
    [InlineData("../seg_00003.ts,0.0,2.0")]
    [InlineData("seg_00003.ts,0.0,4e99")]
    [InlineData("a/seg_00003.ts,0.0,2.0")]
    [InlineData("/tmp/seg_00003.ts,0.0,2.0")]
    [InlineData("..,0.0,2.0")]
    [InlineData("seg_..ts,0.0,2.0")]
    [InlineData("index.m3u8,0.0,2.0")]
    [InlineData("seg_0001.ts,0.0,2.0")]
    [InlineData("SEG_00001.TS,0.0,2.0")]
    public void TryParse_MalformedLine_False(string? line)
    {
        Assert.False(SegmentListEntry.TryParse(line, out _));
    }
}
