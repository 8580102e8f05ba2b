namespace LiveServer.WebRtc.Sdp;

/// <summary>An a=extmap line (RFC 8285 section 8).</summary>
/// <param name="Id">The local identifier used in RTP header extensions.</param>
/// <param name="Direction">The direction after the id ("1/recvonly"), or <see langword="null"/> when absent.</param>
/// <param name="Uri">The extension's URI.</param>
/// <param name="Attributes">Extension attributes after the URI, if any.</param>
public sealed record SdpExtmap(int Id, SdpMediaDirection? Direction, string Uri, string? Attributes)
{
    /// <summary>RFC 6464 client-to-mixer audio level.</summary>
    public const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>Transport-wide sequence numbers for transport-cc feedback.</summary>
    public const string TransportWideCcUri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>RFC 8843 section 15.2 BUNDLE mid header extension.</summary>
    public const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";
}
