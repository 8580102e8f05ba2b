using LiveServer.Domain.Livestreams;

namespace LiveServer.Media.Encoding;

/// <summary>
/// The length of an LL-HLS part as the encoder can cut it: a whole number of video frames (FFmpeg's
/// mp4 muxer closes a fragment at the first packet at or past -frag_duration), or of AAC frames
/// (1024 samples) for audio only, at most the requested length and at least one frame. Every part is
/// this long except the last one of a segment, which may be shorter.
/// </summary>
public static class PartLength
{
    /// <summary>Samples in one AAC frame.</summary>
    public const int AacFrameSamples = 1024;

    /// <summary>The nominal part length for <paramref name="rendition"/> when <paramref name="requested"/> is asked for.</summary>
    public static TimeSpan For(Rendition rendition, TimeSpan requested)
    {
        ArgumentNullException.ThrowIfNull(rendition);
        double frame = rendition.AudioOnly ? (double)AacFrameSamples / OutputFormat.AudioSampleRate : 1.0 / rendition.Format.Fps;
        double frames = Math.Max(1, Math.Floor((requested.TotalSeconds / frame) + 1e-6));
        return TimeSpan.FromSeconds(frames * frame);
    }

    /// <summary>
    /// The -frag_duration value in microseconds: rounded down, so the packet that reaches the part's
    /// length (compared in its own time base) closes the fragment.
    /// </summary>
    public static long FragmentMicroseconds(Rendition rendition, TimeSpan requested) =>
        (long)Math.Floor(For(rendition, requested).TotalMicroseconds);
}
