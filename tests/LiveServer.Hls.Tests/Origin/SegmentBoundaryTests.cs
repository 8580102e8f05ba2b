using LiveServer.Hls.Tests.TestKit;
using static LiveServer.Hls.Tests.TestKit.PlaylistLines;

namespace LiveServer.Hls.Tests.Origin;

/// <summary>
/// Where <see cref="LiveServer.Hls.Origin.RenditionPlaylist"/> cuts segments: at a keyframe part once the
/// open segment is at least the segment duration less half a part, and always at an encoder restart
/// (EXT-X-DISCONTINUITY, and a new EXT-X-MAP when the init section changed).
/// </summary>
public sealed class SegmentBoundaryTests : IDisposable
{
    private readonly TestRendition _stream = new();

    public void Dispose() => _stream.Dispose();

    [Fact]
    public void Append_KeyframeEveryTenParts_TwoSecondSegments()
    {
        _stream.Append(31);

        Assert.Equal(["720p_00000.m4s", "720p_00001.m4s", "720p_00002.m4s"], Uris(_stream.Dvr));
        Assert.All(Tagged(_stream.Dvr, "#EXTINF:"), line => Assert.Equal("#EXTINF:2.000,", line));
        Assert.Equal(3, _stream.Playlist.SegmentCount);
        Assert.Equal((3L, 0), _stream.Playlist.LastPart);
        Assert.Equal(TimeSpan.FromSeconds(6.2), _stream.Playlist.TotalDuration);
    }

    [Fact]
    public void Append_KeyframeBeforeSegmentIsFull_StaysInTheOpenSegment()
    {
        _stream.Append(9);

        _stream.AppendNext(independent: true);

        Assert.Equal((0L, 9), _stream.Playlist.LastPart);
        Assert.Equal(0, _stream.Playlist.SegmentCount);
    }

    [Theory]
    [InlineData(100, 1L, 0)] // 1.9 s open = 2 s − half a part: the keyframe starts segment 1
    [InlineData(90, 0L, 10)] // 1.89 s: the keyframe is part 10 of segment 0
    public void Append_KeyframeAroundSegmentDurationLessHalfAPart_BoundaryOnlyFromThere(int lastPartMs, long sequence, int part)
    {
        _stream.Append(9);
        _stream.AppendNext(TimeSpan.FromMilliseconds(lastPartMs), independent: false);

        _stream.AppendNext(independent: true);

        Assert.Equal((sequence, part), _stream.Playlist.LastPart);
    }

    [Fact]
    public void Append_FullSegmentWithoutKeyframe_GrowsUntilTheNextKeyframe()
    {
        _stream.Append(10);
        _stream.AppendNext(independent: false);
        _stream.AppendNext(independent: false);

        _stream.AppendNext(independent: true);

        Assert.Equal((1L, 0), _stream.Playlist.LastPart);
        Assert.Equal("2.400,", Value(_stream.Dvr, "#EXTINF"));
    }

    [Fact]
    public void Append_PartsOfDifferentLengths_ExtinfIsTheirSum()
    {
        _stream.Append(9);
        _stream.AppendNext(TimeSpan.FromMilliseconds(190));
        _stream.AppendNext();

        Assert.Equal("1.990,", Value(_stream.Dvr, "#EXTINF"));
        Assert.Equal(TimeSpan.FromSeconds(2.19), _stream.Playlist.TotalDuration);
    }

    [Fact]
    public void Append_EncoderRestart_NewSegmentAfterDiscontinuityWithTheNewInitSection()
    {
        _stream.Append(15);

        _stream.Restart();
        _stream.Append(9);

        var lines = Of(_stream.Dvr);
        var restart = Array.IndexOf(lines, "#EXT-X-DISCONTINUITY");
        Assert.Equal(
            ["#EXTINF:1.000,", "720p_00001.m4s", "#EXT-X-DISCONTINUITY", "#EXT-X-MAP:URI=\"720p_init1.mp4\"", $"#EXT-X-PROGRAM-DATE-TIME:{Fragments.IsoTimeOf(15)}"],
            lines[(restart - 2)..(restart + 3)]);
        Assert.Single(Tagged(_stream.Dvr, "#EXT-X-DISCONTINUITY"));
        Assert.Equal(["#EXT-X-MAP:URI=\"720p_init0.mp4\"", "#EXT-X-MAP:URI=\"720p_init1.mp4\""], Tagged(_stream.Dvr, "#EXT-X-MAP:"));
        Assert.Equal((2L, 9), _stream.Playlist.LastPart);
    }

    [Fact]
    public void Append_RestartWithTheSameInitSection_DiscontinuityButTheSameMap()
    {
        _stream.Append(10);

        _stream.Restart(sameInit: true);

        Assert.Single(Tagged(_stream.Live, "#EXT-X-DISCONTINUITY"));
        Assert.Equal(["#EXT-X-MAP:URI=\"720p_init0.mp4\""], Tagged(_stream.Live, "#EXT-X-MAP:"));
        Assert.False(File.Exists(_stream.PathOf("720p_init1.mp4")));
    }

    [Fact]
    public void Append_RestartWhileOpenSegmentIsShort_StillStartsASegment()
    {
        _stream.Append(3);

        _stream.Restart();

        Assert.Equal((1L, 0), _stream.Playlist.LastPart);
        Assert.Equal("0.600,", Value(_stream.Live, "#EXTINF"));
    }

    [Fact]
    public void Append_FirstFragmentMarkedDiscontinuity_NoDiscontinuityTagAndFirstInit()
    {
        _stream.Restart();

        Assert.Empty(Tagged(_stream.Live, "#EXT-X-DISCONTINUITY"));
        Assert.Equal("URI=\"720p_init0.mp4\"", Value(_stream.Live, "#EXT-X-MAP"));
    }
}
