namespace LiveServer.Hls.Origin;

/// <summary>The lengths a livestream's playlists are built with.</summary>
/// <param name="SegmentDuration">Segment length (the keyframe interval).</param>
/// <param name="PartTarget">The nominal part length (PART-TARGET).</param>
/// <param name="LiveWindowSegments">Complete segments in the live playlist.</param>
public sealed record HlsTiming(TimeSpan SegmentDuration, TimeSpan PartTarget, int LiveWindowSegments)
{
    /// <summary>EXT-X-TARGETDURATION: the segment length rounded up to whole seconds.</summary>
    public int TargetDuration => (int)Math.Ceiling(SegmentDuration.TotalSeconds - 1e-9);

    /// <summary>The longest a blocking request is held: three target durations (RFC 8216bis section 6.2.5.2).</summary>
    public TimeSpan BlockingLimit => TimeSpan.FromSeconds(3 * TargetDuration);

    /// <summary>PART-HOLD-BACK: three part targets (RFC 8216bis section 4.4.3.8 asks for at least two; Apple for three).</summary>
    public TimeSpan PartHoldBack => PartTarget * 3;

    /// <summary>CAN-SKIP-UNTIL: six target durations, the least the spec allows; a delta update skips segments older than that.</summary>
    public TimeSpan SkipUntil => TimeSpan.FromSeconds(TargetDuration * 6);

    /// <summary>
    /// Parts a blocking request may ask for past the last one (RFC 8216bis section 6.2.5.2): three
    /// seconds' worth when parts are shorter than a second, else three.
    /// </summary>
    public int AdvancePartLimit => PartTarget < TimeSpan.FromSeconds(1) ? (int)Math.Floor(3 / PartTarget.TotalSeconds) : 3;

    /// <summary>
    /// Segments (from the newest) whose parts and bytes stay in memory: those whose parts are listed,
    /// the open one, and three target durations more, since a client may still fetch a part that long
    /// after it left the playlist (RFC 8216bis section 6.2.2).
    /// </summary>
    public int SegmentsInMemory => PartSegments + 1 + (int)Math.Ceiling(3 * TargetDuration / SegmentDuration.TotalSeconds);

    /// <summary>Complete segments whose parts are still listed (with the open one): about three target durations back.</summary>
    public int PartSegments => Math.Max(1, (int)Math.Ceiling(3 * TargetDuration / SegmentDuration.TotalSeconds) - 1);
}
