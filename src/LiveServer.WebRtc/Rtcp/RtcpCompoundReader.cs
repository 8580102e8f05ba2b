// RFC 3550 section 6.1 (compound RTCP packets) and RFC 5506 (reduced-size RTCP, so a compound
// packet need not start with SR/RR). The reader walks the packets in order and stops at the first
// malformed header, reporting why; packets before it remain usable. Types the server does not act
// on (APP, XR, transport-cc) are handed out like any other and are simply not parsed further.
namespace LiveServer.WebRtc.Rtcp;

/// <summary>Walks the packets of a compound RTCP datagram without allocating.</summary>
public ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;

    /// <summary>Creates a reader over a decrypted compound RTCP datagram.</summary>
    /// <param name="data">The datagram.</param>
    public RtcpCompoundReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _offset = 0;
        Error = RtcpParseError.None;
    }

    /// <summary>Why reading stopped before the end, or <see cref="RtcpParseError.None"/>.</summary>
    public RtcpParseError Error { get; private set; }

    /// <summary>Reads the next packet.</summary>
    /// <param name="packet">The packet.</param>
    /// <returns><see langword="false"/> at the end or at a malformed packet (see <see cref="Error"/>).</returns>
    public bool TryReadNext(out RtcpPacket packet)
    {
        if (_offset >= _data.Length || Error != RtcpParseError.None)
        {
            packet = default;
            return false;
        }

        if (!RtcpPacket.TryParse(_data[_offset..], out packet, out var length, out var error))
        {
            Error = error;
            return false;
        }

        _offset += length;
        return true;
    }
}
