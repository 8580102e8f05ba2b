namespace LiveServer.WebRtc.Sdp;

/// <summary>The a=ssrc lines of one source (RFC 5576 section 4.1), gathered.</summary>
/// <param name="Ssrc">The SSRC.</param>
/// <param name="Cname">The cname attribute, if given.</param>
/// <param name="Msid">The msid attribute, if given.</param>
public sealed record SdpSsrc(uint Ssrc, string? Cname, string? Msid);
