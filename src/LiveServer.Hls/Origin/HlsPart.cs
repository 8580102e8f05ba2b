namespace LiveServer.Hls.Origin;

/// <summary>One LL-HLS part (a CMAF fragment) of a segment.</summary>
/// <param name="Index">Its place in the segment, from 0.</param>
/// <param name="FileName">The part's URI in the playlist.</param>
/// <param name="Duration">Its length.</param>
/// <param name="Independent">True when it starts with a keyframe (INDEPENDENT=YES).</param>
/// <param name="Bytes">moof + mdat (once its segment is complete, a slice of the segment's bytes).</param>
public sealed record HlsPart(int Index, string FileName, TimeSpan Duration, bool Independent, ReadOnlyMemory<byte> Bytes);
