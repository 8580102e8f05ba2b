namespace LiveServer.WebRtc.Sdp;

/// <summary>An a=group line (RFC 5888), such as "BUNDLE 0 1" (RFC 8843).</summary>
/// <param name="Semantics">The semantics, e.g. "BUNDLE".</param>
/// <param name="Mids">The identification tags in order.</param>
public sealed record SdpGroup(string Semantics, IReadOnlyList<string> Mids);
