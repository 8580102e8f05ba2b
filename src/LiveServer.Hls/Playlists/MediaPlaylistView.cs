using LiveServer.Hls.Origin;

namespace LiveServer.Hls.Playlists;

/// <summary>What one response of a media playlist lists; <see cref="MediaPlaylistWriter"/> turns it into text.</summary>
/// <param name="Segments">The listed segments in order, the open one (with parts only) last.</param>
/// <param name="MediaSequence">EXT-X-MEDIA-SEQUENCE: the first listed segment, skipped ones included.</param>
/// <param name="DiscontinuitySequence">Discontinuities before the first listed segment.</param>
/// <param name="Timing">TARGETDURATION, PART-TARGET, PART-HOLD-BACK and CAN-SKIP-UNTIL.</param>
/// <param name="PartsFrom">Parts are listed for segments from this sequence number on.</param>
/// <param name="Skipped">Segments left out at the front of a delta update (EXT-X-SKIP), 0 for a full playlist.</param>
/// <param name="Type">EVENT for the DVR playlist while live, VOD once it ended, null for the live window.</param>
/// <param name="Ended">True when the stream ended (EXT-X-ENDLIST).</param>
/// <param name="LowLatency">True for the low-latency tags (server control, parts, hint, reports): while live and served.</param>
/// <param name="PreloadHint">The next part's URI, while live.</param>
/// <param name="Reports">The sibling renditions, while live.</param>
/// <param name="DateRanges">The EXT-X-DATERANGE tags, one per ID (written only when a segment is listed).</param>
public sealed record MediaPlaylistView(
    IReadOnlyList<MediaSegment> Segments,
    long MediaSequence,
    int DiscontinuitySequence,
    HlsTiming Timing,
    long PartsFrom,
    int Skipped,
    string? Type,
    bool Ended,
    bool LowLatency,
    string? PreloadHint,
    IReadOnlyList<RenditionReport> Reports,
    IReadOnlyList<DateRange>? DateRanges = null);
