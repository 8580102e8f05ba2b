using LiveServer.Hls.Tests.TestKit;
using static LiveServer.Hls.Tests.TestKit.PlaylistLines;

namespace LiveServer.Hls.Tests.Origin;

/// <summary>
/// A rendition whose folder cannot be written (a full disk): Append throws IOException or
/// UnauthorizedAccessException, what was listed before stays listed, the part can be appended again
/// once the disk recovered, and End still ends the playlists.
/// </summary>
public sealed class WriteFailureTests : IDisposable
{
    private readonly TestRendition _stream = new();

    public void Dispose() => _stream.Dispose();

    [Fact]
    public void Append_InitSectionCannotBeWritten_ThrowsAndListsNothing()
    {
        var first = _stream.Source.Next();
        using (DiskFull.For(_stream.PathOf("720p_init0.mp4")))
        {
            DiskFull.AssertWriteFails(() => _stream.Playlist.Append(first));
        }

        Assert.Null(_stream.Playlist.LastPart);
        Assert.Null(_stream.Playlist.Codecs);
        Assert.Empty(PartUris(_stream.Live));

        _stream.Playlist.Append(first);

        Assert.Equal((0L, 0), _stream.Playlist.LastPart);
        Assert.Equal("URI=\"720p_init0.mp4\"", Value(_stream.Live, "#EXT-X-MAP"));
        Assert.Equal(Fragments.InitSection(0), File.ReadAllBytes(_stream.PathOf("720p_init0.mp4")));
    }

    [Fact]
    public void Append_SegmentCannotBeWritten_ThrowsAndPlaylistsUnchanged()
    {
        _stream.Append(10);
        var (live, dvr) = (_stream.Live, _stream.Dvr);

        using (DiskFull.For(_stream.PathOf("720p_00000.m4s")))
        {
            DiskFull.AssertWriteFails(() => _stream.AppendNext());
        }

        Assert.Equal(live, _stream.Live);
        Assert.Equal(dvr, _stream.Dvr);
        Assert.Equal(10, PartUris(_stream.Live).Length);
        Assert.Equal((0L, 9), _stream.Playlist.LastPart);
        Assert.False(File.Exists(_stream.PathOf("720p_00000.m4s")));
    }

    [Fact]
    public void Append_RetriedAfterTheDiskRecovered_EverySegmentOnDiskIsWhole()
    {
        _stream.Append(10);
        var eleventh = _stream.Source.Next();
        using (DiskFull.For(_stream.PathOf("720p_00000.m4s")))
        {
            DiskFull.AssertWriteFails(() => _stream.Playlist.Append(eleventh));
        }

        _stream.Playlist.Append(eleventh);
        _stream.Append(20);

        var onDisk = Uris(_stream.ReadText("720p.m3u8"));
        Assert.Equal(["720p_00000.m4s", "720p_00001.m4s", "720p_00002.m4s"], onDisk);
        Assert.All(onDisk.Select((uri, i) => (uri, i)), s => Assert.Equal(Fragments.PartBytes(s.i * 10, 10), File.ReadAllBytes(_stream.PathOf(s.uri))));
    }

    [Fact]
    public void End_OpenSegmentCannotBeWritten_EndsWithoutIt()
    {
        _stream.Append(25);

        using (DiskFull.For(_stream.PathOf("720p_00002.m4s")))
        {
            _stream.Playlist.End();
        }

        Assert.Equal(["720p_00000.m4s", "720p_00001.m4s"], Uris(_stream.ReadText("720p.m3u8")));
        Assert.EndsWith("720p_00001.m4s\n#EXT-X-ENDLIST\n", _stream.ReadText("720p.m3u8"), StringComparison.Ordinal);
        Assert.Equal(_stream.ReadText("720p.m3u8"), _stream.Dvr);
        Assert.True(_stream.Playlist.Has(2, null));
    }

    [Fact]
    public void End_PlaylistCannotBeWrittenThenRetried_PlaylistOnDiskEnds()
    {
        _stream.Append(25);
        using (DiskFull.For(_stream.PathOf("720p.m3u8")))
        {
            DiskFull.AssertWriteFails(_stream.Playlist.End);
        }

        _stream.Playlist.End();

        Assert.EndsWith("#EXT-X-ENDLIST\n", _stream.ReadText("720p.m3u8"), StringComparison.Ordinal);
        Assert.Equal("VOD", Value(_stream.ReadText("720p.m3u8"), "#EXT-X-PLAYLIST-TYPE"));
    }
}
