// RFC 3550 section 6.5: source description (SDES). Chunks are validated once on parse (items
// within the chunk, a null item, padding to a 32-bit boundary), then enumerated with
// SdesItemReader. The writer emits a single chunk with a CNAME, the one item RFC 3550 requires.
using System.Buffers.Binary;

namespace LiveServer.WebRtc.Rtcp;

/// <summary>A parsed SDES packet, and the CNAME writer.</summary>
public readonly ref struct SourceDescription
{
    private readonly ReadOnlySpan<byte> _body;

    private SourceDescription(ReadOnlySpan<byte> body, int chunkCount)
    {
        _body = body;
        ChunkCount = chunkCount;
    }

    /// <summary>Number of chunks (one per source).</summary>
    public int ChunkCount { get; }

    /// <summary>Enumerates every item of every chunk.</summary>
    /// <returns>A reader.</returns>
    public SdesItemReader GetItems() => new(_body, ChunkCount);

    /// <summary>Parses an SDES packet.</summary>
    /// <param name="packet">A packet from <see cref="RtcpCompoundReader"/>.</param>
    /// <param name="description">The view.</param>
    /// <param name="error">Why it was refused.</param>
    /// <returns><see langword="true"/> for a well-formed SDES.</returns>
    public static bool TryParse(in RtcpPacket packet, out SourceDescription description, out RtcpParseError error)
    {
        description = default;
        if (packet.Type != RtcpPacketType.SourceDescription)
        {
            error = RtcpParseError.WrongType;
            return false;
        }

        var body = packet.Body;
        var offset = 0;
        for (var chunk = 0; chunk < packet.Count; chunk++)
        {
            if (offset + 4 > body.Length)
            {
                error = RtcpParseError.Truncated;
                return false;
            }

            offset += 4;
            while (true)
            {
                if (offset >= body.Length)
                {
                    error = RtcpParseError.Truncated;
                    return false;
                }

                if (body[offset] == 0)
                {
                    // Null item, then padding up to the next 32-bit boundary.
                    offset = (offset + 4) & ~3;
                    break;
                }

                if (offset + 2 > body.Length || offset + 2 + body[offset + 1] > body.Length)
                {
                    error = RtcpParseError.Truncated;
                    return false;
                }

                offset += 2 + body[offset + 1];
            }

            if (offset > body.Length)
            {
                error = RtcpParseError.Truncated;
                return false;
            }
        }

        description = new SourceDescription(body, packet.Count);
        error = RtcpParseError.None;
        return true;
    }

    /// <summary>Bytes an SDES packet with one CNAME chunk occupies.</summary>
    /// <param name="cnameLength">CNAME length in bytes (at most 255).</param>
    /// <returns>The packet length.</returns>
    public static int GetCnameLength(int cnameLength) => (4 + 4 + 2 + cnameLength + 4) & ~3;

    /// <summary>Writes an SDES packet with one chunk holding a CNAME item.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="ssrc">The source the CNAME describes.</param>
    /// <param name="cname">The CNAME as UTF-8, at most 255 bytes.</param>
    /// <param name="bytesWritten">Bytes written.</param>
    /// <returns><see langword="false"/> when the destination is too small or the CNAME too long.</returns>
    public static bool TryWriteCname(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cname, out int bytesWritten)
    {
        bytesWritten = 0;
        var length = GetCnameLength(cname.Length);
        if (cname.Length > 255 || destination.Length < length)
        {
            return false;
        }

        RtcpHeader.Write(destination, 1, (byte)RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = (byte)SdesItemType.Cname;
        destination[9] = (byte)cname.Length;
        cname.CopyTo(destination[10..]);
        destination[(10 + cname.Length)..length].Clear();
        bytesWritten = length;
        return true;
    }
}
