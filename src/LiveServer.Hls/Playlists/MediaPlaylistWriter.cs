// RFC 8216bis (draft-pantos-hls-rfc8216bis) section 4.4 and Apple's "Enabling Low-Latency HLS":
// a CMAF media playlist (EXT-X-MAP), EXT-X-PROGRAM-DATE-TIME on every segment, and while live the
// low-latency tags: EXT-X-SERVER-CONTROL (CAN-BLOCK-RELOAD, CAN-SKIP-UNTIL, PART-HOLD-BACK),
// EXT-X-PART-INF, EXT-X-PART for the recent segments, EXT-X-PRELOAD-HINT for the next part,
// EXT-X-RENDITION-REPORT for the siblings, EXT-X-SKIP in a delta update. Version 9 (EXT-X-SKIP).
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

            Line(text, $"#EXT-X-PROGRAM-DATE-TIME:{segment.ProgramDateTime.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}");
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

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, FormattableString line) =>
        text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
