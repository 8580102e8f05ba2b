// RFC 3550 section 6.4.1 (common RTCP header: version, padding, count/format, packet type, length
// in 32-bit words minus one) and RFC 4585 section 6.1 (FMT in the count field of feedback packets).
// A view over caller bytes; typed views (SenderReport, GenericNack, ...) parse the body.
using System.Buffers.Binary;

namespace LiveServer.WebRtc.Rtcp;

/// <summary>One RTCP packet inside a compound packet: header fields and body.</summary>
public readonly ref struct RtcpPacket
{
    /// <summary>Size of the common header.</summary>
    public const int HeaderLength = 4;

    private readonly ReadOnlySpan<byte> _bytes;
    private readonly int _bodyLength;

    private RtcpPacket(ReadOnlySpan<byte> bytes, int bodyLength)
    {
        _bytes = bytes;
        _bodyLength = bodyLength;
    }

    /// <summary>The whole packet, header and padding included.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The packet type byte as a known type, or <see cref="RtcpPacketType.Unknown"/>.</summary>
    public RtcpPacketType Type => PacketTypeByte is >= 200 and <= 207 ? (RtcpPacketType)PacketTypeByte : RtcpPacketType.Unknown;

    /// <summary>The raw packet type byte.</summary>
    public byte PacketTypeByte => _bytes[1];

    /// <summary>The 5-bit count field: report count (SR/RR), source count (SDES/BYE), subtype (APP) or FMT (feedback).</summary>
    public int Count => _bytes[0] & 0x1F;

    /// <summary>The body after the 4-byte header, padding removed.</summary>
    public ReadOnlySpan<byte> Body => _bytes.Slice(HeaderLength, _bodyLength);

    /// <summary>Parses the packet at the start of <paramref name="data"/>.</summary>
    /// <param name="data">Bytes starting at an RTCP common header.</param>
    /// <param name="packet">The packet.</param>
    /// <param name="length">Bytes the packet occupies (length field plus one, times four).</param>
    /// <param name="error">Why it was refused.</param>
    /// <returns><see langword="true"/> when a well-formed header and body were found.</returns>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpPacket packet, out int length, out RtcpParseError error)
    {
        packet = default;
        length = 0;
        if (data.Length < HeaderLength)
        {
            error = RtcpParseError.TooShort;
            return false;
        }

        if (data[0] >> 6 != 2)
        {
            error = RtcpParseError.BadVersion;
            return false;
        }

        var total = (BinaryPrimitives.ReadUInt16BigEndian(data[2..]) + 1) * 4;
        if (total > data.Length)
        {
            error = RtcpParseError.BadLength;
            return false;
        }

        var bodyLength = total - HeaderLength;
        if ((data[0] & 0x20) != 0)
        {
            int padding = data[total - 1];
            if (padding == 0 || padding > bodyLength)
            {
                error = RtcpParseError.BadPadding;
                return false;
            }

            bodyLength -= padding;
        }

        packet = new RtcpPacket(data[..total], bodyLength);
        length = total;
        error = RtcpParseError.None;
        return true;
    }
}
