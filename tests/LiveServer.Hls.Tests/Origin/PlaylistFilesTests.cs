using LiveServer.Hls.Tests.TestKit;
using static LiveServer.Hls.Tests.TestKit.PlaylistLines;

namespace LiveServer.Hls.Tests.Origin;

/// <summary>
/// What a rendition leaves in its folder: the init section, each complete segment (its parts'
/// bytes in order), and both media playlists as plain HLS (no low-latency tags), so a player reading
/// the folder, or the server after a restart, finds an ordinary stream.
/// </summary>
public sealed class PlaylistFilesTests : IDisposable
{
    private readonly TestRendition _stream = new();

    public void Dispose() => _stream.Dispose();

    [Fact]
    public void Append_TwoSegmentsClosed_SegmentFilesHoldTheirPartsInOrder()
    {
        _stream.Append(21);

        Assert.Equal(Fragments.PartBytes(0, 10), File.ReadAllBytes(_stream.PathOf("720p_00000.m4s")));
        Assert.Equal(Fragments.PartBytes(10, 10), File.ReadAllBytes(_stream.PathOf("720p_00001.m4s")));
        Assert.False(File.Exists(_stream.PathOf("720p_00002.m4s")));
    }

    [Fact]
    public void Append_FirstPart_InitSectionWritten()
    {
        _stream.Append(1);

        Assert.Equal(Fragments.InitSection(0), File.ReadAllBytes(_stream.PathOf("720p_init0.mp4")));
    }

    [Fact]
    public void Append_Restart_EachInitSectionInItsOwnFile()
    {
        _stream.Append(12);
        _stream.Restart();

        Assert.Equal(Fragments.InitSection(0), File.ReadAllBytes(_stream.PathOf("720p_init0.mp4")));
        Assert.Equal(Fragments.InitSection(1), File.ReadAllBytes(_stream.PathOf("720p_init1.mp4")));
    }

    [Fact]
    public void Append_Segments_OnlySegmentsInitAndPlaylistsOnDisk()
    {
        _stream.Append(35);

        Assert.Equal(
            ["720p.m3u8", "720p_00000.m4s", "720p_00001.m4s", "720p_00002.m4s", "720p_init0.mp4", "720p_live.m3u8"],
            Directory.GetFiles(_stream.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Append_WhileLive_PlaylistsOnDiskArePlainHlsOfTheCompleteSegments()
    {
        _stream.Append(95);

        var dvr = _stream.ReadText("720p.m3u8");
        var live = _stream.ReadText("720p_live.m3u8");

        LowLatencyTags.AssertNone(dvr);
        LowLatencyTags.AssertNone(live);
        Assert.Equal([.. Enumerable.Range(0, 9).Select(s => $"720p_{s:D5}.m4s")], Uris(dvr));
        Assert.Equal([.. Enumerable.Range(3, 6).Select(s => $"720p_{s:D5}.m4s")], Uris(live));
        Assert.Equal("EVENT", Value(dvr, "#EXT-X-PLAYLIST-TYPE"));
        Assert.Equal("3", Value(live, "#EXT-X-MEDIA-SEQUENCE"));
        Assert.Equal(Tagged(_stream.Dvr, "#EXT-X-PROGRAM-DATE-TIME:")[..9], Tagged(dvr, "#EXT-X-PROGRAM-DATE-TIME:"));
        Assert.Empty(Tagged(dvr, "#EXT-X-ENDLIST"));
        Assert.Empty(Tagged(live, "#EXT-X-ENDLIST"));
    }

    [Fact]
    public void Append_EveryListedSegment_ItsFileExists()
    {
        _stream.Append(95);

        Assert.All(Uris(_stream.ReadText("720p.m3u8")), uri => Assert.True(File.Exists(_stream.PathOf(uri)), uri));
        Assert.All(Uris(_stream.Dvr), uri => Assert.True(File.Exists(_stream.PathOf(uri)), uri));
    }

    [Fact]
    public void End_PlaylistsOnDiskEndWithEndList()
    {
        _stream.Append(25);

        _stream.Playlist.End();

        Assert.EndsWith("720p_00002.m4s\n#EXT-X-ENDLIST\n", _stream.ReadText("720p.m3u8"), StringComparison.Ordinal);
        Assert.EndsWith("720p_00002.m4s\n#EXT-X-ENDLIST\n", _stream.ReadText("720p_live.m3u8"), StringComparison.Ordinal);
        Assert.Equal(Fragments.PartBytes(20, 5), File.ReadAllBytes(_stream.PathOf("720p_00002.m4s")));
    }

    [Fact]
    public void End_DvrPlaylistOnDisk_SameAsServed()
    {
        _stream.Append(25);

        _stream.Playlist.End();

        Assert.Equal(_stream.Dvr, _stream.ReadText("720p.m3u8"));
        Assert.Equal(_stream.Live, _stream.ReadText("720p_live.m3u8"));
    }
}
