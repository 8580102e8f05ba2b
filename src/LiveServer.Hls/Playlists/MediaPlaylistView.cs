using LiveServer.Hls.Origin;

namespace LiveServer.Hls.Playlists;

/// <summary>What one response of a media playlist lists; <see cref="MediaPlaylistWriter"/> turns it into text.</summary>
/// <param name="Segments">The listed segments in order, the open one (with parts only) last.</param>
/// <param name="MediaSequence">EXT-X-MEDIA-SEQUENCE: the first listed segment, skipped ones included.</param>
/// <param name="DiscontinuitySequence">Discontinuities before the first listed segment.</param>
/// <param name="TargetDuration">EXT-X-TARGETDURATION in whole seconds.</param>
/// <param name="PartTarget">EXT-X-PART-INF PART-TARGET.</param>
/// <param name="PartsFrom">Parts are listed for segments from this sequence number on.</param>
/// <param name="Skipped">Segments left out at the front of a delta update (EXT-X-SKIP), 0 for a full playlist.</param>
/// <param name="Type">EVENT for the DVR playlist while live, VOD once it ended, null for the live window.</param>
/// <param name="Ended">True when the stream ended (EXT-X-ENDLIST).</param>
/// <param name="LowLatency">True for the low-latency tags (server control, parts, hint, reports): while live and served.</param>
/// <param name="PreloadHint">The next part's URI, while live.</param>
/// <param name="Reports">The sibling renditions, while live.</param>
public sealed record MediaPlaylistView(
    IReadOnlyList<MediaSegment> Segments,
    long MediaSequence,
    int DiscontinuitySequence,
    int TargetDuration,
    TimeSpan PartTarget,
    long PartsFrom,
    int Skipped,
    string? Type,
    bool Ended,
    bool LowLatency,
    string? PreloadHint,
    IReadOnlyList<RenditionReport> Reports)
{
    /// <summary>PART-HOLD-BACK: three part targets (RFC 8216bis section 4.4.3.8 asks for at least two; Apple for three).</summary>
    public TimeSpan PartHoldBack => PartTarget * 3;

    /// <summary>CAN-SKIP-UNTIL: six target durations, the least the spec allows.</summary>
    public TimeSpan SkipUntil => TimeSpan.FromSeconds(TargetDuration * 6);
}
