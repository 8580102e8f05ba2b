using System.Globalization;
using LiveServer.Hls.Origin;
using LiveServer.Hls.Playlists;
using LiveServer.Hls.Tests.TestKit;
using static LiveServer.Hls.Tests.TestKit.PlaylistLines;

namespace LiveServer.Hls.Tests.Playlists;

/// <summary>
/// The low-latency media playlist as served while live (RFC 8216bis section 4.4, Apple LL-HLS):
/// server control, part info, parts of the recent segments, program date times, the preload hint.
/// </summary>
public sealed class MediaPlaylistWriterTests : IDisposable
{
    private readonly TestRendition _stream = new();

    public void Dispose() => _stream.Dispose();

    [Fact]
    public void Render_OneSegmentAndTwoParts_WholeText()
    {
        _stream.Append(12);

        Assert.Equal(
            """
            #EXTM3U
            #EXT-X-VERSION:9
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-TARGETDURATION:2
            #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12.000,PART-HOLD-BACK=0.600
            #EXT-X-PART-INF:PART-TARGET=0.200
            #EXT-X-MEDIA-SEQUENCE:0
            #EXT-X-MAP:URI="720p_init0.mp4"
            #EXT-X-PROGRAM-DATE-TIME:2025-01-02T03:04:05.678Z
            #EXT-X-PART:DURATION=0.200,URI="720p_00000_0.m4s",INDEPENDENT=YES
            #EXT-X-PART:DURATION=0.200,URI="720p_00000_1.m4s"
            #EXT-X-PART:DURATION=0.200,URI="720p_00000_2.m4s"
            #EXT-X-PART:DURATION=0.200,URI="720p_00000_3.m4s"
            #EXT-X-PART:DURATION=0.200,URI="720p_00000_4.m4s"
            #EXT-X-PART:DURATION=0.200,URI="720p_00000_5.m4s"
            #EXT-X-PART:DURATION=0.200,URI="720p_00000_6.m4s"
            #EXT-X-PART:DURATION=0.200,URI="720p_00000_7.m4s"
            #EXT-X-PART:DURATION=0.200,URI="720p_00000_8.m4s"
            #EXT-X-PART:DURATION=0.200,URI="720p_00000_9.m4s"
            #EXTINF:2.000,
            720p_00000.m4s
            #EXT-X-PROGRAM-DATE-TIME:2025-01-02T03:04:07.678Z
            #EXT-X-PART:DURATION=0.200,URI="720p_00001_0.m4s",INDEPENDENT=YES
            #EXT-X-PART:DURATION=0.200,URI="720p_00001_1.m4s"
            #EXT-X-PRELOAD-HINT:TYPE=PART,URI="720p_00001_2.m4s"

            """,
            _stream.Live);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Render_WhileLive_ServerControlAndPartInfWithinTheSpecsBounds(bool live)
    {
        _stream.Append(3);

        var text = _stream.Playlist.Render(live, skip: false, []);

        Assert.Equal("9", Value(text, "#EXT-X-VERSION"));
        Assert.Equal("2", Value(text, "#EXT-X-TARGETDURATION"));
        var control = Attributes(Assert.Single(Tagged(text, "#EXT-X-SERVER-CONTROL:")));
        var partTarget = Seconds(Attributes(Assert.Single(Tagged(text, "#EXT-X-PART-INF:")))["PART-TARGET"]);
        Assert.Equal("YES", control["CAN-BLOCK-RELOAD"]);
        Assert.Equal(0.2m, partTarget);
        Assert.True(Seconds(control["PART-HOLD-BACK"]) >= 3 * partTarget, "PART-HOLD-BACK is at least three part targets.");
        Assert.True(Seconds(control["CAN-SKIP-UNTIL"]) >= 6 * 2, "CAN-SKIP-UNTIL is at least six target durations.");
        Assert.Equal("CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12.000,PART-HOLD-BACK=0.600", Value(text, "#EXT-X-SERVER-CONTROL"));
    }

    [Fact]
    public void Render_KeyframePartsOnly_MarkedIndependent()
    {
        _stream.Append(5);
        _stream.AppendNext(independent: true);
        _stream.Append(8);

        var independent = Tagged(_stream.Live, "#EXT-X-PART:").Select(l => Attributes(l).GetValueOrDefault("INDEPENDENT")).ToArray();

        Assert.Equal(14, independent.Length);
        Assert.Equal([0, 5, 10], Enumerable.Range(0, independent.Length).Where(i => independent[i] == "YES"));
        Assert.All(independent.Where((_, i) => i is not (0 or 5 or 10)), Assert.Null);
    }

    [Fact]
    public void Render_EverySegment_ProgramDateTimeOfItsFirstPartInUtc()
    {
        _stream.Append(55);

        Assert.Equal(
            [.. Enumerable.Range(0, 6).Select(s => "#EXT-X-PROGRAM-DATE-TIME:" + Fragments.IsoTimeOf(s * Fragments.PartsPerSegment))],
            Tagged(_stream.Dvr, "#EXT-X-PROGRAM-DATE-TIME:"));
        Assert.Equal("2025-01-02T03:04:05.678Z", Fragments.IsoTimeOf(0));
    }

    [Fact]
    public void Render_ProgramDateTimeBeforeTheSegmentsFirstPart()
    {
        _stream.Append(11);

        var lines = Of(_stream.Live);
        var second = Array.IndexOf(lines, "#EXT-X-PROGRAM-DATE-TIME:" + Fragments.IsoTimeOf(10));

        Assert.Equal("720p_00000.m4s", lines[second - 1]);
        Assert.StartsWith("#EXT-X-PART:DURATION=0.200,URI=\"720p_00001_0.m4s\"", lines[second + 1], StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OpenSegmentNotFull_PreloadHintIsItsNextPart()
    {
        _stream.Append(24);

        Assert.Equal("TYPE=PART,URI=\"720p_00002_4.m4s\"", Value(_stream.Live, "#EXT-X-PRELOAD-HINT"));
        Assert.Equal("720p_00002_3.m4s", PartUris(_stream.Live)[^1]);
    }

    [Fact]
    public void Render_OpenSegmentFull_PreloadHintIsPartZeroOfTheNextSegment()
    {
        _stream.Append(30);

        Assert.Equal("TYPE=PART,URI=\"720p_00003_0.m4s\"", Value(_stream.Live, "#EXT-X-PRELOAD-HINT"));
        Assert.EndsWith("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"720p_00003_0.m4s\"\n", _stream.Live, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ManySegments_PartsOnlyForTheLastCompleteOnesAndTheOpenOne()
    {
        _stream.Append(55);

        var listedFrom = 5 - Fragments.Timing.PartSegments;
        Assert.Equal(2, Fragments.Timing.PartSegments);
        Assert.Equal(
            [.. Enumerable.Range(listedFrom * 10, 55 - (listedFrom * 10)).Select(n => $"720p_{n / 10:D5}_{n % 10}.m4s")],
            PartUris(_stream.Dvr));
        Assert.Equal(PartUris(_stream.Dvr), PartUris(_stream.Live));
    }

    [Fact]
    public void Render_FewSegments_PartsOfEverySegment()
    {
        _stream.Append(21);

        Assert.Equal(21, PartUris(_stream.Live).Length);
    }

    [Fact]
    public void Render_EveryPart_DurationAsTheFragmentsWithMilliseconds()
    {
        _stream.Append(3);
        _stream.AppendNext(TimeSpan.FromMilliseconds(133.4));

        Assert.Equal(["0.200", "0.200", "0.200", "0.133"], Tagged(_stream.Live, "#EXT-X-PART:").Select(l => Attributes(l)["DURATION"]));
    }

    [Fact]
    public void Write_DiscontinuitySequenceZero_LeftOut()
    {
        var view = new MediaPlaylistView([], 7, 0, Fragments.Timing, 0, 0, null, Ended: false, LowLatency: false, PreloadHint: null, Reports: []);

        var text = MediaPlaylistWriter.Write(view);

        Assert.Empty(Tagged(text, "#EXT-X-DISCONTINUITY-SEQUENCE"));
        Assert.Equal("7", Value(text, "#EXT-X-MEDIA-SEQUENCE"));
        Assert.Empty(Tagged(text, "#EXT-X-SERVER-CONTROL"));
        Assert.Empty(Tagged(text, "#EXT-X-PLAYLIST-TYPE"));
    }

    [Fact]
    public void Write_NotLowLatency_NoHintNorReportsEvenIfGiven()
    {
        var view = new MediaPlaylistView(
            [], 0, 3, Fragments.Timing, 0, 0, "EVENT", Ended: false, LowLatency: false, PreloadHint: "720p_00000_0.m4s",
            Reports: [new RenditionReport("audio.m3u8", 4, 2)]);

        var text = MediaPlaylistWriter.Write(view);

        Assert.Equal("3", Value(text, "#EXT-X-DISCONTINUITY-SEQUENCE"));
        Assert.Equal("EVENT", Value(text, "#EXT-X-PLAYLIST-TYPE"));
        Assert.Empty(Tagged(text, "#EXT-X-PRELOAD-HINT"));
        Assert.Empty(Tagged(text, "#EXT-X-RENDITION-REPORT"));
    }

    private static decimal Seconds(string value) => decimal.Parse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
}
