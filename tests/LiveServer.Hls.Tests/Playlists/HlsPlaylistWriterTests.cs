using LiveServer.Hls.Playlists;
using LiveServer.Hls.Segments;

namespace LiveServer.Hls.Tests.Playlists;

public sealed class HlsPlaylistWriterTests
{
    private static readonly TimeSpan Two = TimeSpan.FromSeconds(2);

    private static HlsSegment Segment(int sequence, double seconds, bool discontinuity = false) =>
        new(sequence, $"seg_{sequence:00000}.ts", TimeSpan.FromSeconds(seconds), discontinuity);

    [Fact]
    public void WriteEvent_NotEnded_ExactTextWithoutEndList()
    {
        var segments = new[] { Segment(0, 2), Segment(1, 2.0021), Segment(2, 1.5) };

        var text = HlsPlaylistWriter.WriteEvent(segments, Two, ended: false);

        Assert.Equal(
            "#EXTM3U\n" +
            "#EXT-X-VERSION:3\n" +
            "#EXT-X-INDEPENDENT-SEGMENTS\n" +
            "#EXT-X-TARGETDURATION:2\n" +
            "#EXT-X-MEDIA-SEQUENCE:0\n" +
            "#EXT-X-PLAYLIST-TYPE:EVENT\n" +
            "#EXTINF:2.000,\n" +
            "seg_00000.ts\n" +
            "#EXTINF:2.002,\n" +
            "seg_00001.ts\n" +
            "#EXTINF:1.500,\n" +
            "seg_00002.ts\n",
            text);
    }

    [Fact]
    public void WriteEvent_Ended_EndsWithEndList()
    {
        var segments = new[] { Segment(0, 2), Segment(1, 1.234) };

        var text = HlsPlaylistWriter.WriteEvent(segments, Two, ended: true);

        Assert.Equal(
            "#EXTM3U\n" +
            "#EXT-X-VERSION:3\n" +
            "#EXT-X-INDEPENDENT-SEGMENTS\n" +
            "#EXT-X-TARGETDURATION:2\n" +
            "#EXT-X-MEDIA-SEQUENCE:0\n" +
            "#EXT-X-PLAYLIST-TYPE:EVENT\n" +
            "#EXTINF:2.000,\n" +
            "seg_00000.ts\n" +
            "#EXTINF:1.234,\n" +
            "seg_00001.ts\n" +
            "#EXT-X-ENDLIST\n",
            text);
    }

    [Fact]
    public void WriteEvent_NoSegments_HeaderOnly()
    {
        var text = HlsPlaylistWriter.WriteEvent([], Two, ended: false);

        Assert.Equal(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-TARGETDURATION:2\n" +
            "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:EVENT\n",
            text);
    }

    [Fact]
    public void WriteEvent_DiscontinuityInTheMiddle_TagBeforeThatSegmentOnly()
    {
        var segments = new[] { Segment(0, 2), Segment(1, 2, discontinuity: true), Segment(2, 2) };

        var text = HlsPlaylistWriter.WriteEvent(segments, Two, ended: false);

        Assert.EndsWith(
            "#EXTINF:2.000,\nseg_00000.ts\n" +
            "#EXT-X-DISCONTINUITY\n#EXTINF:2.000,\nseg_00001.ts\n" +
            "#EXTINF:2.000,\nseg_00002.ts\n",
            text,
            StringComparison.Ordinal);
        Assert.DoesNotContain("DISCONTINUITY-SEQUENCE", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteEvent_FractionalTargetDuration_RoundedUp()
    {
        var text = HlsPlaylistWriter.WriteEvent([Segment(0, 1.5)], TimeSpan.FromSeconds(1.5), ended: false);

        Assert.Contains("#EXT-X-TARGETDURATION:2\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteLiveWindow_MoreSegmentsThanWindow_ListsLastNWithTheirMediaSequence()
    {
        var segments = Enumerable.Range(0, 6).Select(i => Segment(i, 2)).ToArray();

        var text = HlsPlaylistWriter.WriteLiveWindow(segments, Two, windowSize: 3, ended: false);

        Assert.Equal(
            "#EXTM3U\n" +
            "#EXT-X-VERSION:3\n" +
            "#EXT-X-INDEPENDENT-SEGMENTS\n" +
            "#EXT-X-TARGETDURATION:2\n" +
            "#EXT-X-MEDIA-SEQUENCE:3\n" +
            "#EXTINF:2.000,\n" +
            "seg_00003.ts\n" +
            "#EXTINF:2.000,\n" +
            "seg_00004.ts\n" +
            "#EXTINF:2.000,\n" +
            "seg_00005.ts\n",
            text);
    }

    [Fact]
    public void WriteLiveWindow_FewerSegmentsThanWindow_ListsAllFromZero()
    {
        var segments = new[] { Segment(0, 2), Segment(1, 2) };

        var text = HlsPlaylistWriter.WriteLiveWindow(segments, Two, windowSize: 6, ended: false);

        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:2.000,\nseg_00000.ts\n#EXTINF:2.000,\nseg_00001.ts\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PLAYLIST-TYPE", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ENDLIST", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteLiveWindow_NoSegments_MediaSequenceZero()
    {
        var text = HlsPlaylistWriter.WriteLiveWindow([], Two, windowSize: 3, ended: false);

        Assert.Equal(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n",
            text);
    }

    [Fact]
    public void WriteLiveWindow_DiscontinuitiesLeftWindow_CountedInDiscontinuitySequence()
    {
        // Discontinuities at 1 and 2 have left a window of 3 that starts at 4; the one at 5 is inside it.
        var segments = new[]
        {
            Segment(0, 2), Segment(1, 2, true), Segment(2, 2, true), Segment(3, 2),
            Segment(4, 2), Segment(5, 2, true), Segment(6, 2),
        };

        var text = HlsPlaylistWriter.WriteLiveWindow(segments, Two, windowSize: 3, ended: false);

        Assert.Equal(
            "#EXTM3U\n" +
            "#EXT-X-VERSION:3\n" +
            "#EXT-X-INDEPENDENT-SEGMENTS\n" +
            "#EXT-X-TARGETDURATION:2\n" +
            "#EXT-X-MEDIA-SEQUENCE:4\n" +
            "#EXT-X-DISCONTINUITY-SEQUENCE:2\n" +
            "#EXTINF:2.000,\n" +
            "seg_00004.ts\n" +
            "#EXT-X-DISCONTINUITY\n" +
            "#EXTINF:2.000,\n" +
            "seg_00005.ts\n" +
            "#EXTINF:2.000,\n" +
            "seg_00006.ts\n",
            text);
    }

    [Fact]
    public void WriteLiveWindow_FirstListedSegmentIsDiscontinuity_TagDroppedAndCounted()
    {
        // The tag before the first listed segment is removed, so RFC 8216 section 6.2.2 asks the
        // sequence to count it.
        var segments = new[] { Segment(0, 2), Segment(1, 2), Segment(2, 2, true), Segment(3, 2) };

        var text = HlsPlaylistWriter.WriteLiveWindow(segments, Two, windowSize: 2, ended: false);

        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:2\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n#EXTINF:2.000,\nseg_00002.ts\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("#EXT-X-DISCONTINUITY\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteLiveWindow_DiscontinuityInsideWindow_TagKeptAndSequenceAbsent()
    {
        var segments = new[] { Segment(0, 2), Segment(1, 2, true), Segment(2, 2) };

        var text = HlsPlaylistWriter.WriteLiveWindow(segments, Two, windowSize: 3, ended: false);

        Assert.Contains("seg_00000.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2.000,\nseg_00001.ts\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("DISCONTINUITY-SEQUENCE", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteLiveWindow_Ended_EndsWithEndList()
    {
        var segments = Enumerable.Range(0, 4).Select(i => Segment(i, 2)).ToArray();

        var text = HlsPlaylistWriter.WriteLiveWindow(segments, Two, windowSize: 2, ended: true);

        Assert.EndsWith("seg_00003.ts\n#EXT-X-ENDLIST\n", text, StringComparison.Ordinal);
    }
}
