using System.Globalization;
using LiveServer.Hls.Tests.TestKit;
using static LiveServer.Hls.Tests.TestKit.PlaylistLines;

namespace LiveServer.Hls.Tests.Origin;

/// <summary>
/// The live playlist: a sliding window of the last LiveWindowSegments complete segments (and the open
/// one's parts), whose EXT-X-MEDIA-SEQUENCE and EXT-X-DISCONTINUITY-SEQUENCE account for the segments
/// that left it (RFC 8216bis section 6.2.2).
/// </summary>
public sealed class LiveWindowTests : IDisposable
{
    private readonly TestRendition _stream = new();

    public void Dispose() => _stream.Dispose();

    [Fact]
    public void Render_MoreSegmentsThanTheWindow_OnlyTheLastSixAndTheOpenOne()
    {
        _stream.Append(95);

        Assert.Equal([.. Enumerable.Range(3, 6).Select(s => $"720p_{s:D5}.m4s")], Uris(_stream.Live));
        Assert.Equal("3", Value(_stream.Live, "#EXT-X-MEDIA-SEQUENCE"));
        Assert.Equal("720p_00009_4.m4s", PartUris(_stream.Live)[^1]);
        Assert.Equal(12.0, ListedSeconds(_stream.Live), 3);
    }

    [Fact]
    public void Render_FewerSegmentsThanTheWindow_AllOfThem()
    {
        _stream.Append(35);

        Assert.Equal(["720p_00000.m4s", "720p_00001.m4s", "720p_00002.m4s"], Uris(_stream.Live));
        Assert.Equal("0", Value(_stream.Live, "#EXT-X-MEDIA-SEQUENCE"));
    }

    [Fact]
    public void Render_Live_NoPlaylistType()
    {
        _stream.Append(35);

        Assert.Empty(Tagged(_stream.Live, "#EXT-X-PLAYLIST-TYPE"));
    }

    [Theory]
    [InlineData(0, 0, 2)]
    [InlineData(1, 0, 2)]
    [InlineData(2, 1, 1)] // segment 2 (a restart) is the first listed: its tag is counted instead
    [InlineData(3, 1, 1)]
    [InlineData(4, 2, 0)]
    [InlineData(6, 2, 0)]
    public void Render_RestartsLeaveTheWindow_DiscontinuitySequenceCountsThem(int firstListed, int discontinuitySequence, int discontinuityTags)
    {
        // Restarts at segments 2 and 4; enough complete segments that the window starts at firstListed.
        for (var segment = 0; segment < Fragments.Timing.LiveWindowSegments + firstListed; segment++)
        {
            if (segment is 2 or 4)
            {
                _stream.Restart();
                _stream.Append(Fragments.PartsPerSegment - 1);
            }
            else
            {
                _stream.Append(Fragments.PartsPerSegment);
            }
        }

        _stream.Append(1);

        foreach (var live in new[] { _stream.Live, _stream.ReadText("720p_live.m3u8") })
        {
            Assert.Equal(firstListed.ToString(CultureInfo.InvariantCulture), Value(live, "#EXT-X-MEDIA-SEQUENCE"));
            Assert.Equal(discontinuitySequence, DiscontinuitySequence(live));
            Assert.Equal(discontinuityTags, Tagged(live, "#EXT-X-DISCONTINUITY").Count(l => l == "#EXT-X-DISCONTINUITY"));
        }

        Assert.Equal(0, DiscontinuitySequence(_stream.Dvr));
        Assert.Equal(2, Tagged(_stream.Dvr, "#EXT-X-DISCONTINUITY").Length);
    }

    [Fact]
    public void Render_WindowStartsAfterARestart_FirstSegmentStillHasItsMap()
    {
        _stream.Append(20);
        _stream.Restart();
        _stream.Append(70);

        Assert.Equal("720p_00003.m4s", Uris(_stream.Live)[0]);
        Assert.Equal(["#EXT-X-MAP:URI=\"720p_init1.mp4\""], Tagged(_stream.Live, "#EXT-X-MAP:"));
    }

    [Fact]
    public void Render_AfterEnd_WindowWithEndListAndNoLowLatencyTags()
    {
        _stream.Append(95);

        _stream.Playlist.End();

        Assert.Equal([.. Enumerable.Range(4, 6).Select(s => $"720p_{s:D5}.m4s")], Uris(_stream.Live));
        Assert.EndsWith("720p_00009.m4s\n#EXT-X-ENDLIST\n", _stream.Live, StringComparison.Ordinal);
        Assert.Empty(Tagged(_stream.Live, "#EXT-X-PLAYLIST-TYPE"));
        LowLatencyTags.AssertNone(_stream.Live);
    }

    /// <summary>EXT-X-DISCONTINUITY-SEQUENCE, 0 when absent (its default).</summary>
    private static int DiscontinuitySequence(string playlist) =>
        Tagged(playlist, "#EXT-X-DISCONTINUITY-SEQUENCE:") is [var line] ? int.Parse(line.AsSpan(line.IndexOf(':') + 1), CultureInfo.InvariantCulture) : 0;
}
