namespace LiveServer.WebRtc.Sdp;

/// <summary>An a=rid line (RFC 8851 section 4), kept for simulcast-aware callers.</summary>
/// <param name="Id">The rid identifier.</param>
/// <param name="Direction">"send" or "recv".</param>
/// <param name="Restrictions">The rest of the line (payload types and restrictions), if any.</param>
public sealed record SdpRid(string Id, string Direction, string? Restrictions);
