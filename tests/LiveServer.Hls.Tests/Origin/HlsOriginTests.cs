using LiveServer.Hls.Origin;
using LiveServer.Hls.Tests.TestKit;
using static LiveServer.Hls.Tests.TestKit.PlaylistLines;

namespace LiveServer.Hls.Tests.Origin;

/// <summary>
/// The origin of a ladder: the multivariant playlists once every rendition has a part, each media
/// playlist with its siblings' EXT-X-RENDITION-REPORT, file look-up by name, and the end of every playlist.
/// </summary>
public sealed class HlsOriginTests : IDisposable
{
    private readonly TestOrigin _test = new();

    public void Dispose() => _test.Dispose();

    private HlsOrigin Origin => _test.Origin;

    [Fact]
    public void Multivariant_UntilEveryRenditionHasAPart_NullAndNoFile()
    {
        _test.Append(0, 25);

        Assert.Null(Origin.Multivariant(live: false));
        Assert.Null(Origin.Multivariant(live: true));
        Assert.False(File.Exists(_test.PathOf(HlsOrigin.DvrPlaylistName)));
        Assert.False(File.Exists(_test.PathOf(HlsOrigin.LivePlaylistName)));
    }

    [Fact]
    public void Multivariant_EveryRenditionHasAPart_ServedAndWrittenToTheFolder()
    {
        _test.Append(0, 25);

        _test.Append(1, 1);

        Assert.Equal(["720p.m3u8", "audio.m3u8"], Uris(Origin.Multivariant(live: false)!));
        Assert.Equal(["720p_live.m3u8", "audio_live.m3u8"], Uris(Origin.Multivariant(live: true)!));
        Assert.Equal(Origin.Multivariant(live: false), _test.ReadText("index.m3u8"));
        Assert.Equal(Origin.Multivariant(live: true), _test.ReadText("live.m3u8"));
        Assert.Contains("CODECS=\"mp4a.40.2\"", Origin.Multivariant(live: true), StringComparison.Ordinal);
    }

    [Fact]
    public void RenderPlaylist_Live_ReportsTheSiblingsLastPart()
    {
        _test.AppendBoth(12);
        _test.Append(0, 1);

        var video = Origin.RenderPlaylist(_test.Video, live: true, skip: false);
        var audio = Origin.RenderPlaylist(_test.AudioOnly, live: true, skip: false);

        Assert.Equal(["#EXT-X-RENDITION-REPORT:URI=\"audio_live.m3u8\",LAST-MSN=1,LAST-PART=1"], Tagged(video, "#EXT-X-RENDITION-REPORT"));
        Assert.Equal(["#EXT-X-RENDITION-REPORT:URI=\"720p_live.m3u8\",LAST-MSN=1,LAST-PART=2"], Tagged(audio, "#EXT-X-RENDITION-REPORT"));
        Assert.EndsWith("LAST-PART=1\n", video, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderPlaylist_Dvr_ReportsTheSiblingsDvrPlaylist()
    {
        _test.AppendBoth(3);

        var video = Origin.RenderPlaylist(_test.Video, live: false, skip: false);

        Assert.Equal(["#EXT-X-RENDITION-REPORT:URI=\"audio.m3u8\",LAST-MSN=0,LAST-PART=2"], Tagged(video, "#EXT-X-RENDITION-REPORT"));
    }

    [Fact]
    public void RenderPlaylist_SiblingWithoutParts_NoReportForIt()
    {
        _test.Append(0, 3);

        Assert.Empty(Tagged(Origin.RenderPlaylist(_test.Video, live: true, skip: false), "#EXT-X-RENDITION-REPORT"));
    }

    [Fact]
    public void RenderPlaylist_AfterEnd_NoReports()
    {
        _test.AppendBoth(3);

        Origin.End();

        Assert.Empty(Tagged(Origin.RenderPlaylist(_test.Video, live: true, skip: false), "#EXT-X-RENDITION-REPORT"));
    }

    [Theory]
    [InlineData("720p.m3u8", 0, false)]
    [InlineData("720p_live.m3u8", 0, true)]
    [InlineData("audio.m3u8", 1, false)]
    [InlineData("audio_live.m3u8", 1, true)]
    public void FindPlaylist_MediaPlaylistName_ItsRenditionAndKind(string file, int rendition, bool live)
    {
        var found = Origin.FindPlaylist(file);

        Assert.NotNull(found);
        Assert.Same(Origin.Renditions[rendition], found.Value.Rendition);
        Assert.Equal(live, found.Value.Live);
    }

    [Theory]
    [InlineData("index.m3u8")]
    [InlineData("live.m3u8")]
    [InlineData("1080p.m3u8")]
    [InlineData("720p_00000.m4s")]
    public void FindPlaylist_OtherName_Null(string file)
    {
        Assert.Null(Origin.FindPlaylist(file));
    }

    [Fact]
    public void InMemory_PartOfEachRendition_FromThatRendition()
    {
        _test.AppendBoth(3);

        Assert.Equal(_test.AudioOnly.InMemory("audio_00000_1.m4s")!.Value.ToArray(), Origin.InMemory("audio_00000_1.m4s")!.Value.ToArray());
        Assert.Equal(_test.Video.InMemory("720p_00000_1.m4s")!.Value.ToArray(), Origin.InMemory("720p_00000_1.m4s")!.Value.ToArray());
        Assert.NotNull(Origin.InMemory("audio_init0.mp4"));
        Assert.Null(Origin.InMemory("1080p_00000_1.m4s"));
    }

    [Fact]
    public void End_EveryRenditionEnds()
    {
        _test.AppendBoth(25);

        Origin.End();

        Assert.True(Origin.Ended);
        Assert.All(Origin.Renditions, r => Assert.EndsWith("#EXT-X-ENDLIST\n", r.Render(live: false, skip: false, []), StringComparison.Ordinal));
        Assert.EndsWith("#EXT-X-ENDLIST\n", _test.ReadText("audio.m3u8"), StringComparison.Ordinal);
    }

    [Fact]
    public void End_OneRenditionCannotWrite_TheOthersStillEnd()
    {
        _test.AppendBoth(25);

        using (DiskFull.For(_test.PathOf("720p.m3u8")))
        {
            _ = Record.Exception(Origin.End); // a write fault may surface; it must not stop the other renditions
        }

        Assert.True(Origin.Ended);
        Assert.EndsWith("#EXT-X-ENDLIST\n", _test.AudioOnly.Render(live: false, skip: false, []), StringComparison.Ordinal);
        Assert.EndsWith("#EXT-X-ENDLIST\n", _test.ReadText("audio.m3u8"), StringComparison.Ordinal);
    }
}
