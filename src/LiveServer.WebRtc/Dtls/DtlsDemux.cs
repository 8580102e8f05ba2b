// Packet demultiplexing on a shared UDP port: RFC 7983 section 7 (updating RFC 5764 section 5.1.2).
// The first byte tells DTLS (20..63) apart from STUN (0..3), ZRTP (16..19), TURN channels (64..79)
// and RTP/RTCP (128..191). Only the DTLS test lives here; the full mux belongs to the UDP layer.
namespace LiveServer.WebRtc.Dtls;

/// <summary>RFC 7983 first-byte test for DTLS records on a port shared with STUN and SRTP.</summary>
public static class DtlsDemux
{
    /// <summary>The lowest first byte that RFC 7983 assigns to DTLS.</summary>
    public const byte FirstByteMin = 20;

    /// <summary>The highest first byte that RFC 7983 assigns to DTLS.</summary>
    public const byte FirstByteMax = 63;

    /// <summary>Whether a datagram starting with this byte is DTLS (20..63 inclusive).</summary>
    /// <param name="firstByte">The first byte of the datagram.</param>
    /// <returns><see langword="true"/> when the byte falls in the DTLS range.</returns>
    public static bool IsDtls(byte firstByte) => firstByte is >= FirstByteMin and <= FirstByteMax;

    /// <summary>Whether the datagram is DTLS by its first byte; an empty datagram is not.</summary>
    /// <param name="datagram">The received datagram.</param>
    /// <returns><see langword="true"/> when the first byte falls in the DTLS range.</returns>
    public static bool IsDtls(ReadOnlySpan<byte> datagram) => !datagram.IsEmpty && IsDtls(datagram[0]);
}
