using LiveServer.Hls.Origin;
using LiveServer.Hls.Playlists;
using LiveServer.Hls.Tests.TestKit;
using static LiveServer.Hls.Tests.TestKit.PlaylistLines;

namespace LiveServer.Hls.Tests.Playlists;

/// <summary>
/// EXT-X-DATERANGE as <see cref="MediaPlaylistWriter"/> writes it (RFC 8216bis section 4.4.5.1): ID,
/// CLASS, START-DATE, END-DATE once ended, then the X- attributes, every value a quoted-string, dates
/// as PROGRAM-DATE-TIME writes them; after the PROGRAM-DATE-TIME of the segment its START-DATE falls in.
/// </summary>
public sealed class DateRangeWriterTests : IDisposable
{
    private readonly TestRendition _stream = new();

    public void Dispose() => _stream.Dispose();

    [Fact]
    public void Write_OpenRange_ExactTag()
    {
        var range = DateRange.Create(
            "poll_1", "com.liveserver.poll", Fragments.TimeOf(3), [new("X-QUESTION", "Which \"color\"?\nReally"), new("X-OPTIONS", "Red | Blue")]);

        var text = MediaPlaylistWriter.Write(View([Segment(0, 0)], [range]));

        Assert.Equal(
            "#EXT-X-DATERANGE:ID=\"poll_1\",CLASS=\"com.liveserver.poll\",START-DATE=\"2025-01-02T03:04:06.278Z\","
            + "X-OPTIONS=\"Red | Blue\",X-QUESTION=\"Which 'color'? Really\"",
            Assert.Single(Tagged(text, "#EXT-X-DATERANGE:")));
    }

    [Fact]
    public void Write_EndedRange_EndDateAfterStartDate()
    {
        var range = DateRange.Create("q1", "com.liveserver.question", Fragments.TimeOf(1), [new("X-TEXT", "hi")], Fragments.TimeOf(2).AddTicks(4_999));

        var text = MediaPlaylistWriter.Write(View([Segment(0, 0)], [range]));

        Assert.Equal(
            "#EXT-X-DATERANGE:ID=\"q1\",CLASS=\"com.liveserver.question\",START-DATE=\"2025-01-02T03:04:05.878Z\",END-DATE=\"2025-01-02T03:04:06.078Z\",X-TEXT=\"hi\"",
            Assert.Single(Tagged(text, "#EXT-X-DATERANGE:")));
    }

    [Fact]
    public void Write_NoClass_NoClassAttribute()
    {
        var text = MediaPlaylistWriter.Write(View([Segment(0, 0)], [DateRange.Create("a", null, Fragments.TimeOf(0), [])]));

        Assert.Equal("#EXT-X-DATERANGE:ID=\"a\",START-DATE=\"2025-01-02T03:04:05.678Z\"", Assert.Single(Tagged(text, "#EXT-X-DATERANGE:")));
    }

    [Fact]
    public void Write_Ranges_EachAfterTheProgramDateTimeOfTheSegmentItStartsIn()
    {
        var segments = new[] { Segment(0, 0), Segment(1, 10), Segment(2, 20) };
        var ranges = new[]
        {
            DateRange.Create("late", "c", Fragments.TimeOf(45), []),
            DateRange.Create("second", "c", Fragments.TimeOf(10), []),
            DateRange.Create("early", "c", Fragments.TimeOf(-30), []),
            DateRange.Create("first", "c", Fragments.TimeOf(9), []),
        };

        var lines = Of(MediaPlaylistWriter.Write(View(segments, ranges)));

        Assert.Equal(
            [
                "#EXT-X-PROGRAM-DATE-TIME:" + Fragments.IsoTimeOf(0), "early", "first", "#EXTINF:2.000,", "720p_00000.m4s",
                "#EXT-X-PROGRAM-DATE-TIME:" + Fragments.IsoTimeOf(10), "second", "#EXTINF:2.000,", "720p_00001.m4s",
                "#EXT-X-PROGRAM-DATE-TIME:" + Fragments.IsoTimeOf(20), "late", "#EXTINF:2.000,", "720p_00002.m4s",
            ],
            lines.SkipWhile(l => !l.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal))
                .Select(l => l.StartsWith("#EXT-X-DATERANGE:", StringComparison.Ordinal) ? Attributes(l)["ID"] : l));
    }

    [Fact]
    public void Write_NoSegment_NoDateRange()
    {
        var text = MediaPlaylistWriter.Write(View([], [DateRange.Create("a", "c", Fragments.TimeOf(0), [])]));

        Assert.Empty(Tagged(text, "#EXT-X-DATERANGE"));
    }

    [Fact]
    public void Write_EveryDateRange_InAPlaylistWithProgramDateTimes()
    {
        _stream.Append(25);
        _stream.Playlist.Mark(DateRange.Create("a", "c", Fragments.TimeOf(12), []));

        foreach (var text in new[] { _stream.Live, _stream.Dvr, _stream.Playlist.Render(live: false, skip: true, []) })
        {
            Assert.Single(Tagged(text, "#EXT-X-DATERANGE:"));
            Assert.NotEmpty(Tagged(text, "#EXT-X-PROGRAM-DATE-TIME:"));
        }
    }

    private static MediaSegment Segment(long sequence, int firstPart)
    {
        var segment = new MediaSegment(sequence, TestRendition.Video.SegmentFile(sequence), TestRendition.Video.InitFile(0), Fragments.TimeOf(firstPart), false);
        for (var i = 0; i < Fragments.PartsPerSegment; i++)
        {
            segment.Add(new HlsPart(i, TestRendition.Video.PartFile(sequence, i), Fragments.PartDuration, i == 0, Fragments.PartBytes(firstPart + i)));
        }

        segment.Completed(segment.Concatenate());
        return segment;
    }

    private static MediaPlaylistView View(IReadOnlyList<MediaSegment> segments, IReadOnlyList<DateRange> ranges) =>
        new(segments, 0, 0, Fragments.Timing, long.MaxValue, 0, "EVENT", Ended: false, LowLatency: false, PreloadHint: null, Reports: [], DateRanges: ranges);
}
