using System.Globalization;
using System.Text;
using LiveServer.Hls.Segments;

namespace LiveServer.Hls.Playlists;

/// <summary>
/// Writes HLS media playlists (RFC 8216 section 4.3): the DVR playlist as an EVENT playlist with every
/// segment (ENDLIST once the stream ended) and the live playlist as a sliding window whose
/// EXT-X-MEDIA-SEQUENCE and EXT-X-DISCONTINUITY-SEQUENCE follow the segments that left it.
/// </summary>
public static class HlsPlaylistWriter
{
    /// <summary>The EVENT playlist with every segment.</summary>
    public static string WriteEvent(IReadOnlyList<HlsSegment> segments, TimeSpan targetDuration, bool ended)
    {
        var text = new StringBuilder(128 + (segments.Count * 40));
        WriteHeader(text, targetDuration, segments.Count > 0 ? segments[0].Sequence : 0, 0);
        text.Append("#EXT-X-PLAYLIST-TYPE:EVENT\n");
        WriteSegments(text, segments, 0);
        if (ended)
        {
            text.Append("#EXT-X-ENDLIST\n");
        }

        return text.ToString();
    }

    /// <summary>The sliding window: the last <paramref name="windowSize"/> segments.</summary>
    public static string WriteLiveWindow(
        IReadOnlyList<HlsSegment> segments, TimeSpan targetDuration, int windowSize, bool ended)
    {
        var first = Math.Max(0, segments.Count - windowSize);
        var discontinuitySequence = 0;
        for (var i = 1; i <= first && i < segments.Count; i++)
        {
            if (segments[i].Discontinuity)
            {
                discontinuitySequence++;
            }
        }

        var text = new StringBuilder(128 + (windowSize * 40));
        WriteHeader(text, targetDuration, segments.Count > first ? segments[first].Sequence : 0, discontinuitySequence);
        WriteSegments(text, segments, first);
        if (ended)
        {
            text.Append("#EXT-X-ENDLIST\n");
        }

        return text.ToString();
    }

    private static void WriteHeader(StringBuilder text, TimeSpan targetDuration, long mediaSequence, int discontinuitySequence)
    {
        text.Append("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{(int)Math.Ceiling(targetDuration.TotalSeconds)}\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA-SEQUENCE:{mediaSequence}\n");
        if (discontinuitySequence > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-DISCONTINUITY-SEQUENCE:{discontinuitySequence}\n");
        }
    }

    private static void WriteSegments(StringBuilder text, IReadOnlyList<HlsSegment> segments, int first)
    {
        for (var i = first; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (segment.Discontinuity && i > first)
            {
                text.Append("#EXT-X-DISCONTINUITY\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"#EXTINF:{segment.Duration.TotalSeconds:0.000},\n");
            text.Append(segment.FileName).Append('\n');
        }
    }
}
