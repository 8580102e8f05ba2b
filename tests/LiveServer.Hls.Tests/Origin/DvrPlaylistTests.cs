using LiveServer.Hls.Tests.TestKit;
using static LiveServer.Hls.Tests.TestKit.PlaylistLines;

namespace LiveServer.Hls.Tests.Origin;

/// <summary>
/// The DVR playlist: every segment from the start, EXT-X-PLAYLIST-TYPE:EVENT while live, then VOD with
/// EXT-X-ENDLIST and none of the low-latency tags once the stream ended.
/// </summary>
public sealed class DvrPlaylistTests : IDisposable
{
    private readonly TestRendition _stream = new();

    public void Dispose() => _stream.Dispose();

    [Fact]
    public void Render_WhileLive_EventWithEverySegmentFromZero()
    {
        _stream.Append(95);

        Assert.Equal("EVENT", Value(_stream.Dvr, "#EXT-X-PLAYLIST-TYPE"));
        Assert.Equal("0", Value(_stream.Dvr, "#EXT-X-MEDIA-SEQUENCE"));
        Assert.Equal([.. Enumerable.Range(0, 9).Select(s => $"720p_{s:D5}.m4s")], Uris(_stream.Dvr));
        Assert.Empty(Tagged(_stream.Dvr, "#EXT-X-ENDLIST"));
    }

    [Fact]
    public void End_OpenSegment_ClosedAndListed()
    {
        _stream.Append(25);

        _stream.Playlist.End();

        Assert.Equal(["720p_00000.m4s", "720p_00001.m4s", "720p_00002.m4s"], Uris(_stream.Dvr));
        Assert.Equal("1.000,", Tagged(_stream.Dvr, "#EXTINF:")[^1]["#EXTINF:".Length..]);
        Assert.Equal(3, _stream.Playlist.SegmentCount);
    }

    [Fact]
    public void End_AfterSegments_VodWithEndListAndNoLowLatencyTags()
    {
        _stream.Append(25);

        _stream.Playlist.End();

        Assert.Equal("VOD", Value(_stream.Dvr, "#EXT-X-PLAYLIST-TYPE"));
        Assert.EndsWith("720p_00002.m4s\n#EXT-X-ENDLIST\n", _stream.Dvr, StringComparison.Ordinal);
        LowLatencyTags.AssertNone(_stream.Dvr);
        LowLatencyTags.AssertNone(_stream.Playlist.Render(live: false, skip: true, [new("audio.m3u8", 2, 4)]));
    }

    [Fact]
    public void End_Twice_OneEndList()
    {
        _stream.Append(25);

        _stream.Playlist.End();
        _stream.Playlist.End();

        Assert.Single(Tagged(_stream.Dvr, "#EXT-X-ENDLIST"));
        Assert.Single(Tagged(_stream.ReadText("720p.m3u8"), "#EXT-X-ENDLIST"));
    }

    [Fact]
    public void Append_AfterEnd_ThrowsAndPlaylistUnchanged()
    {
        _stream.Append(25);
        _stream.Playlist.End();
        var before = _stream.Dvr;

        Assert.Throws<InvalidOperationException>(() => _stream.AppendNext());

        Assert.Equal(before, _stream.Dvr);
    }

    [Fact]
    public void End_NothingAppended_EmptyEndedPlaylists()
    {
        _stream.Playlist.End();

        Assert.Empty(Uris(_stream.Dvr));
        Assert.EndsWith("#EXT-X-ENDLIST\n", _stream.ReadText("720p.m3u8"), StringComparison.Ordinal);
        Assert.Null(_stream.Playlist.LastPart);
    }
}
