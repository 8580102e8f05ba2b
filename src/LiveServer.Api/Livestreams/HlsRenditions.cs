using LiveServer.Domain.Livestreams;
using LiveServer.Hls.Origin;
using LiveServer.Media.Encoding;
using LiveServer.Media.Livestreams;

namespace LiveServer.Api.Livestreams;

/// <summary>What the origin needs to know of the encoder's ladder: the multivariant playlist's figures and the part length.</summary>
public static class HlsRenditions
{
    /// <summary>The rendition as the multivariant playlist lists it.</summary>
    /// <remarks>
    /// AVERAGE-BANDWIDTH is the target bitrate of video and audio plus 5 % for the CMAF boxes;
    /// BANDWIDTH, the peak of a segment, 1.5 times that: x264 runs with a VBV buffer of two seconds
    /// at the target rate, so one 2 s segment can carry up to about twice the target, and rarely does.
    /// </remarks>
    public static HlsRendition From(Rendition rendition)
    {
        ArgumentNullException.ThrowIfNull(rendition);
        var format = rendition.Format;
        var kbps = rendition.AudioOnly ? format.AudioBitrateKbps : format.VideoBitrateKbps + format.AudioBitrateKbps;
        var average = (long)(kbps * 1000 * 1.05);
        var (width, height, fps) = rendition.AudioOnly ? (0, 0, 0) : (format.Width, format.Height, format.Fps);
        return new HlsRendition(rendition.Name, width, height, fps, average, average * 3 / 2);
    }

    /// <summary>The playlists' lengths: the segment length, the part length the encoder cuts, the live window.</summary>
    public static HlsTiming Timing(Rendition top, PipelineSettings settings, int liveWindowSegments)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new HlsTiming(settings.SegmentDuration, PartLength.For(top, settings.PartDuration), liveWindowSegments);
    }
}
