// RFC 7983 section 7 (multiplexing scheme on one UDP port) and RFC 5761 section 4 (telling RTP from
// RTCP when both share a port with rtcp-mux). Only the RTP/RTCP part of the first-byte table lives
// here; STUN, DTLS and TURN channel classification belong to the UDP mux.
namespace LiveServer.WebRtc.Rtp;

/// <summary>First-byte demultiplexing of RTP and RTCP on a shared port.</summary>
public static class RtpDemux
{
    /// <summary>RFC 7983: a first byte in 128..191 is RTP or RTCP (version 2).</summary>
    /// <param name="firstByte">The first byte of the datagram.</param>
    /// <returns><see langword="true"/> when the datagram belongs to RTP or RTCP.</returns>
    public static bool IsRtpOrRtcp(byte firstByte) => firstByte is >= 128 and <= 191;

    /// <summary>
    /// RFC 5761 section 4: with rtcp-mux, a second byte in 192..223 (RTCP packet types SR, RR, SDES,
    /// BYE, APP, RTPFB, PSFB, XR and the reserved rest) marks RTCP. RTP payload types 64..95 would
    /// collide with the marker bit set, which is why those payload types must not be used.
    /// </summary>
    /// <param name="datagram">The whole datagram.</param>
    /// <returns><see langword="true"/> when the datagram is RTCP.</returns>
    public static bool IsRtcp(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= 8 && IsRtpOrRtcp(datagram[0]) && datagram[1] is >= 192 and <= 223;

    /// <summary>True when the datagram is RTP (not RTCP) by the rules of <see cref="IsRtcp"/>.</summary>
    /// <param name="datagram">The whole datagram.</param>
    /// <returns><see langword="true"/> when the datagram is RTP.</returns>
    public static bool IsRtp(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= 12 && IsRtpOrRtcp(datagram[0]) && datagram[1] is < 192 or > 223;
}
