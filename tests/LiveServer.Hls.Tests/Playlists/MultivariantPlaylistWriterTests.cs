using System.Globalization;
using LiveServer.Hls.Origin;
using LiveServer.Hls.Playlists;
using LiveServer.Hls.Tests.TestKit;
using static LiveServer.Hls.Tests.TestKit.PlaylistLines;

namespace LiveServer.Hls.Tests.Playlists;

/// <summary>
/// The multivariant playlist (RFC 8216bis section 4.4.6.2): one EXT-X-STREAM-INF per rendition with
/// BANDWIDTH, AVERAGE-BANDWIDTH, CODECS and, for video, RESOLUTION and FRAME-RATE; then its media playlist.
/// </summary>
public sealed class MultivariantPlaylistWriterTests
{
    private static readonly HlsRendition Full = new("1080p", 1920, 1080, 30, AverageBandwidth: 5_000_000, PeakBandwidth: 6_000_000);

    private static readonly (HlsRendition, string)[] Ladder =
    [
        (Full, "avc1.640028,mp4a.40.2"),
        (TestRendition.Video, Fragments.VideoCodecs),
        (TestOrigin.Audio, Fragments.AudioCodecs),
    ];

    [Fact]
    public void Write_Live_WholeText()
    {
        Assert.Equal(
            """
            #EXTM3U
            #EXT-X-VERSION:9
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-STREAM-INF:BANDWIDTH=6000000,AVERAGE-BANDWIDTH=5000000,RESOLUTION=1920x1080,FRAME-RATE=30.000,CODECS="avc1.640028,mp4a.40.2"
            1080p_live.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=3000000,AVERAGE-BANDWIDTH=2500000,RESOLUTION=1280x720,FRAME-RATE=30.000,CODECS="avc1.64001f,mp4a.40.2"
            720p_live.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=160000,AVERAGE-BANDWIDTH=128000,CODECS="mp4a.40.2"
            audio_live.m3u8

            """,
            MultivariantPlaylistWriter.Write(Ladder, live: true));
    }

    [Fact]
    public void Write_Dvr_TheDvrMediaPlaylists()
    {
        var text = MultivariantPlaylistWriter.Write(Ladder, live: false);

        Assert.Equal(["1080p.m3u8", "720p.m3u8", "audio.m3u8"], Uris(text));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Write_EachRendition_StreamInfFollowedByItsUri(bool live)
    {
        var lines = Of(MultivariantPlaylistWriter.Write(Ladder, live));

        var streams = Tagged(string.Join('\n', lines), "#EXT-X-STREAM-INF:");
        Assert.Equal(Ladder.Length, streams.Length);
        foreach (var (rendition, codecs) in Ladder)
        {
            var uri = Array.IndexOf(lines, live ? rendition.LivePlaylist : rendition.DvrPlaylist);
            var attributes = Attributes(lines[uri - 1]);
            Assert.Equal(rendition.PeakBandwidth.ToString(CultureInfo.InvariantCulture), attributes["BANDWIDTH"]);
            Assert.Equal(rendition.AverageBandwidth.ToString(CultureInfo.InvariantCulture), attributes["AVERAGE-BANDWIDTH"]);
            Assert.Equal(codecs, attributes["CODECS"]);
        }
    }

    [Fact]
    public void Write_AudioOnly_NoResolutionNorFrameRate()
    {
        var attributes = Attributes(Assert.Single(Tagged(MultivariantPlaylistWriter.Write([(TestOrigin.Audio, Fragments.AudioCodecs)], live: true), "#EXT-X-STREAM-INF:")));

        Assert.True(TestOrigin.Audio.AudioOnly);
        Assert.Equal(["BANDWIDTH", "AVERAGE-BANDWIDTH", "CODECS"], attributes.Keys);
    }

    [Fact]
    public void Write_Video_ResolutionAsWidthByHeightAndFrameRateWithThreeDecimals()
    {
        var attributes = Attributes(Assert.Single(Tagged(MultivariantPlaylistWriter.Write([(TestRendition.Video, Fragments.VideoCodecs)], live: true), "#EXT-X-STREAM-INF:")));

        Assert.Equal("1280x720", attributes["RESOLUTION"]);
        Assert.Equal("30.000", attributes["FRAME-RATE"]);
    }
}
