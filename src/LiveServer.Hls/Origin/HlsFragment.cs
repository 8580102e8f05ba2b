namespace LiveServer.Hls.Origin;

/// <summary>A finished CMAF fragment handed to the origin: one part of one rendition.</summary>
/// <param name="Init">The initialization section (ftyp + moov) it belongs to.</param>
/// <param name="Codecs">The rendition's CODECS value, read from <paramref name="Init"/>.</param>
/// <param name="Bytes">moof + mdat.</param>
/// <param name="Duration">Its length.</param>
/// <param name="Independent">True when it starts with a keyframe.</param>
/// <param name="ProgramDateTime">The wall-clock time its first frame was composed.</param>
/// <param name="Discontinuity">True for the first fragment of a restarted encoder.</param>
public sealed record HlsFragment(byte[] Init, string Codecs, byte[] Bytes, TimeSpan Duration, bool Independent, DateTimeOffset ProgramDateTime, bool Discontinuity = false);
