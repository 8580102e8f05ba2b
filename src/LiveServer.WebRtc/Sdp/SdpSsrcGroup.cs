namespace LiveServer.WebRtc.Sdp;

/// <summary>An a=ssrc-group line (RFC 5576 section 4.2), such as "FID media rtx" (RFC 4588 section 8.1).</summary>
/// <param name="Semantics">The semantics, e.g. "FID" or "SIM".</param>
/// <param name="Ssrcs">The SSRCs in order.</param>
public sealed record SdpSsrcGroup(string Semantics, IReadOnlyList<uint> Ssrcs);
