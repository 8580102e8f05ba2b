namespace LiveServer.Hls.Segments;

/// <summary>One finished media segment.</summary>
/// <param name="Sequence">Media sequence number, from 0, never reused within a livestream.</param>
/// <param name="FileName">File name inside the livestream's folder, e.g. <c>seg_00000.ts</c>.</param>
/// <param name="Duration">Exact duration from the segmenter.</param>
/// <param name="Discontinuity">True when the segment does not continue the one before (encoder restart).</param>
public sealed record HlsSegment(long Sequence, string FileName, TimeSpan Duration, bool Discontinuity = false);
