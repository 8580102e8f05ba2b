// RFC 8216bis (draft-pantos-hls-rfc8216bis) section 4.4 and Apple's "Enabling Low-Latency HLS":
// a CMAF media playlist (EXT-X-MAP), EXT-X-PROGRAM-DATE-TIME on every segment, and while live the
// low-latency tags: EXT-X-SERVER-CONTROL (CAN-BLOCK-RELOAD, CAN-SKIP-UNTIL, PART-HOLD-BACK),
// EXT-X-PART-INF, EXT-X-PART for the recent segments, EXT-X-PRELOAD-HINT for the next part,
// EXT-X-RENDITION-REPORT for the siblings, EXT-X-SKIP in a delta update. Version 9 (EXT-X-SKIP).
// EXT-X-DATERANGE (section 4.4.5.1) goes after the PROGRAM-DATE-TIME of the listed segment its
// START-DATE falls in (the first listed one when it starts earlier, or when that segment was
// skipped: a delta update without CAN-SKIP-DATERANGES keeps every tag); none without a segment,
// since a playlist with DATERANGE must have a PROGRAM-DATE-TIME.
using System.Globalization;
using System.Text;

namespace LiveServer.Hls.Playlists;

/// <summary>Writes a media playlist from a <see cref="MediaPlaylistView"/>.</summary>
public static class MediaPlaylistWriter
{
    /// <summary>The playlist text.</summary>
    public static string Write(MediaPlaylistView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var text = new StringBuilder(256 + (view.Segments.Count * 96));
        text.Append("#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        var timing = view.Timing;
        Line(text, $"#EXT-X-TARGETDURATION:{timing.TargetDuration}");
        if (view.LowLatency)
        {
            Line(text, $"#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL={Seconds(timing.SkipUntil)},PART-HOLD-BACK={Seconds(timing.PartHoldBack)}");
            Line(text, $"#EXT-X-PART-INF:PART-TARGET={Seconds(timing.PartTarget)}");
        }

        Line(text, $"#EXT-X-MEDIA-SEQUENCE:{view.MediaSequence}");
        if (view.DiscontinuitySequence > 0)
        {
            Line(text, $"#EXT-X-DISCONTINUITY-SEQUENCE:{view.DiscontinuitySequence}");
        }

        if (view.Type is { } type)
        {
            Line(text, $"#EXT-X-PLAYLIST-TYPE:{type}");
        }

        if (view.Skipped > 0)
        {
            Line(text, $"#EXT-X-SKIP:SKIPPED-SEGMENTS={view.Skipped}");
        }

        var anchors = Anchors(view);
        string? map = null;
        for (var i = 0; i < view.Segments.Count; i++)
        {
            var segment = view.Segments[i];
            if (segment.Discontinuity && (i > 0 || view.Skipped > 0))
            {
                text.Append("#EXT-X-DISCONTINUITY\n");
            }

            if (segment.InitFile != map)
            {
                map = segment.InitFile;
                Line(text, $"#EXT-X-MAP:URI=\"{map}\"");
            }

            Line(text, $"#EXT-X-PROGRAM-DATE-TIME:{Date(segment.ProgramDateTime)}");
            foreach (var range in anchors[i] ?? [])
            {
                WriteDateRange(text, range);
            }

            if (view.LowLatency && segment.Sequence >= view.PartsFrom)
            {
                foreach (var part in segment.Parts)
                {
                    Line(text, $"#EXT-X-PART:DURATION={Seconds(part.Duration)},URI=\"{part.FileName}\"{(part.Independent ? ",INDEPENDENT=YES" : string.Empty)}");
                }
            }

            if (segment.IsComplete)
            {
                Line(text, $"#EXTINF:{Seconds(segment.Duration)},");
                text.Append(segment.FileName).Append('\n');
            }
        }

        if (view.Ended)
        {
            text.Append("#EXT-X-ENDLIST\n");
        }

        if (!view.LowLatency)
        {
            return text.ToString();
        }

        if (view.PreloadHint is { } hint)
        {
            Line(text, $"#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"{hint}\"");
        }

        foreach (var report in view.Reports)
        {
            Line(text, $"#EXT-X-RENDITION-REPORT:URI=\"{report.Uri}\",LAST-MSN={report.LastSequence},LAST-PART={report.LastPart}");
        }

        return text.ToString();
    }

    /// <summary>For each listed segment, the date ranges written after its PROGRAM-DATE-TIME (null for none).</summary>
    private static List<DateRange>?[] Anchors(MediaPlaylistView view)
    {
        var anchors = new List<DateRange>?[view.Segments.Count];
        if (view.Segments.Count == 0 || view.DateRanges is not { Count: > 0 } ranges)
        {
            return anchors;
        }

        foreach (var range in ranges.OrderBy(r => r.StartDate).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            var at = 0;
            while (at + 1 < view.Segments.Count && view.Segments[at + 1].ProgramDateTime <= range.StartDate)
            {
                at++;
            }

            (anchors[at] ??= []).Add(range);
        }

        return anchors;
    }

    private static void WriteDateRange(StringBuilder text, DateRange range)
    {
        text.Append("#EXT-X-DATERANGE:ID=\"").Append(range.Id).Append('"');
        if (range.Class.Length > 0)
        {
            text.Append(",CLASS=\"").Append(range.Class).Append('"');
        }

        text.Append(",START-DATE=\"").Append(Date(range.StartDate)).Append('"');
        if (range.EndDate is { } end)
        {
            text.Append(",END-DATE=\"").Append(Date(end)).Append('"');
        }

        foreach (var (name, value) in range.ClientAttributes)
        {
            text.Append(',').Append(name).Append("=\"").Append(value).Append('"');
        }

        text.Append('\n');
    }

    /// <summary>An ISO 8601 date with milliseconds in UTC, as PROGRAM-DATE-TIME and DATERANGE write it.</summary>
    private static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, FormattableString line) =>
        text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
