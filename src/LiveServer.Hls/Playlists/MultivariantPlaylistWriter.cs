// RFC 8216bis section 4.4.6.2: one EXT-X-STREAM-INF per rendition with BANDWIDTH (peak),
// AVERAGE-BANDWIDTH, CODECS, and for video RESOLUTION and FRAME-RATE; the URI on the next line.
using System.Globalization;
using System.Text;
using LiveServer.Hls.Origin;

namespace LiveServer.Hls.Playlists;

/// <summary>Writes the multivariant playlist that lists a livestream's renditions.</summary>
public static class MultivariantPlaylistWriter
{
    /// <summary>The playlist text; <paramref name="live"/> picks the live media playlists, else the DVR ones.</summary>
    /// <param name="renditions">The ladder with each rendition's CODECS value, top first.</param>
    /// <param name="live">True for the live window, false for the DVR playlists.</param>
    public static string Write(IReadOnlyList<(HlsRendition Rendition, string Codecs)> renditions, bool live)
    {
        ArgumentNullException.ThrowIfNull(renditions);
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder(128 + (renditions.Count * 160));
        text.Append("#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        foreach (var (rendition, codecs) in renditions)
        {
            text.Append(inv, $"#EXT-X-STREAM-INF:BANDWIDTH={rendition.PeakBandwidth},AVERAGE-BANDWIDTH={rendition.AverageBandwidth}");
            if (!rendition.AudioOnly)
            {
                text.Append(inv, $",RESOLUTION={rendition.Width}x{rendition.Height},FRAME-RATE={rendition.FrameRate:0.000}");
            }

            text.Append(inv, $",CODECS=\"{codecs}\"\n");
            text.Append(live ? rendition.LivePlaylist : rendition.DvrPlaylist).Append('\n');
        }

        return text.ToString();
    }
}
