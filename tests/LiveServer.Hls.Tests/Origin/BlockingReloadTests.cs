using LiveServer.Hls.Tests.TestKit;

namespace LiveServer.Hls.Tests.Origin;

/// <summary>
/// What a blocking playlist request waits for (RFC 8216bis section 6.2.5.2): <c>Has</c> is true once
/// segment M (or its part P) is listed, a part past the last of a complete segment meaning part 0 of
/// the next, and always once the playlist ended; <c>IsTooFarAhead</c> refuses what is beyond the limits.
/// </summary>
public sealed class BlockingReloadTests : IDisposable
{
    private readonly TestRendition _stream = new();

    public void Dispose() => _stream.Dispose();

    [Fact]
    public void Has_Empty_Nothing()
    {
        Assert.False(_stream.Playlist.Has(0, null));
        Assert.False(_stream.Playlist.Has(0, 0));
    }

    [Theory]
    [InlineData(1L, null, true)]
    [InlineData(2L, null, false)] // open: not a listed segment yet
    [InlineData(0L, 0, true)]
    [InlineData(2L, 4, true)]
    [InlineData(2L, 5, false)]
    [InlineData(3L, 0, false)]
    [InlineData(3L, null, false)]
    [InlineData(1L, 9, true)]
    [InlineData(1L, 10, true)] // past the last part of segment 1: part 0 of segment 2
    [InlineData(1L, 500, true)]
    public void Has_TwoSegmentsAndFiveParts_ListedOnes(long sequence, int? part, bool expected)
    {
        _stream.Append(25);

        Assert.Equal(expected, _stream.Playlist.Has(sequence, part));
    }

    [Fact]
    public void Has_PartPastTheLastOfAnOpenSegment_WaitsForTheNextSegmentsFirstPart()
    {
        _stream.Append(10);
        Assert.False(_stream.Playlist.Has(0, 10));
        Assert.False(_stream.Playlist.Has(0, null));

        _stream.Append(1);

        Assert.True(_stream.Playlist.Has(0, 10));
        Assert.True(_stream.Playlist.Has(0, null));
        Assert.True(_stream.Playlist.Has(1, 0));
        Assert.False(_stream.Playlist.Has(1, 1));
    }

    [Fact]
    public void Has_AfterEnd_AnythingAnswered()
    {
        _stream.Append(25);

        _stream.Playlist.End();

        Assert.True(_stream.Playlist.Has(2, null));
        Assert.True(_stream.Playlist.Has(99, 3));
    }

    [Theory]
    [InlineData(0L, false)]
    [InlineData(1L, false)]
    [InlineData(3L, true)]
    [InlineData(1_000L, true)]
    public void IsTooFarAhead_Empty_SegmentsBeyondTwoAhead(long sequence, bool expected)
    {
        Assert.Equal(expected, _stream.Playlist.IsTooFarAhead(sequence, null));
    }

    [Theory]
    [InlineData(0L, false)]
    [InlineData(2L, false)]
    [InlineData(3L, false)]
    [InlineData(5L, true)]
    [InlineData(long.MaxValue, true)]
    public void IsTooFarAhead_LastCompleteSegmentOne_SegmentsMoreThanTwoAheadRefused(long sequence, bool expected)
    {
        _stream.Append(25);

        Assert.Equal(expected, _stream.Playlist.IsTooFarAhead(sequence, null));
    }

    [Fact]
    public void IsTooFarAhead_NextPartsOfTheOpenSegment_Held()
    {
        _stream.Append(25); // segment 2 has parts 0 to 4

        Assert.False(_stream.Playlist.IsTooFarAhead(2, 5));
        Assert.False(_stream.Playlist.IsTooFarAhead(2, 7));
        Assert.False(_stream.Playlist.IsTooFarAhead(3, 0));
        Assert.True(_stream.Playlist.IsTooFarAhead(2, 5_000));
    }

    [Fact]
    public void IsTooFarAhead_PartWithinTheAdvancePartLimit_Held()
    {
        // RFC 8216bis section 6.2.5.2: the Advance Part Limit is three divided by PART-TARGET when that
        // is under a second: 15 parts of 0.2 s (three seconds), not three parts.
        _stream.Append(25); // segment 2 has parts 0 to 4

        Assert.False(_stream.Playlist.IsTooFarAhead(2, 4 + 14));
        Assert.True(_stream.Playlist.IsTooFarAhead(2, 4 + 16));
    }
}
