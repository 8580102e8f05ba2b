// RFC 5104 section 4.3.1: full intra request (PSFB, FMT 4). The common "SSRC of media source"
// field is unused (0); each 8-byte FCI entry names the target SSRC and a command sequence number
// that the sender increments for every new request (repeats of one request keep it).
using System.Buffers.Binary;

namespace LiveServer.WebRtc.Rtcp;

/// <summary>A parsed FIR, and its writer.</summary>
public readonly ref struct FullIntraRequest
{
    /// <summary>The FMT value of FIR in a PSFB packet.</summary>
    public const int Format = 4;

    /// <summary>Size of a FIR with one entry.</summary>
    public const int Length = 20;

    private readonly ReadOnlySpan<byte> _body;

    private FullIntraRequest(ReadOnlySpan<byte> body)
    {
        _body = body;
        EntryCount = (body.Length - 8) / 8;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>Number of FCI entries.</summary>
    public int EntryCount { get; }

    /// <summary>Reads one FCI entry.</summary>
    /// <param name="index">0-based index below <see cref="EntryCount"/>.</param>
    /// <returns>The target SSRC and the command sequence number.</returns>
    public (uint Ssrc, byte SequenceNumber) GetEntry(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, EntryCount);
        var entry = _body[(8 + (8 * index))..];
        return (BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
    }

    /// <summary>Parses a FIR.</summary>
    /// <param name="packet">A packet from <see cref="RtcpCompoundReader"/>.</param>
    /// <param name="fir">The view.</param>
    /// <param name="error">Why it was refused.</param>
    /// <returns><see langword="true"/> for a well-formed FIR with at least one entry.</returns>
    public static bool TryParse(in RtcpPacket packet, out FullIntraRequest fir, out RtcpParseError error)
    {
        fir = default;
        if (packet.Type != RtcpPacketType.PayloadSpecificFeedback || packet.Count != Format)
        {
            error = RtcpParseError.WrongType;
            return false;
        }

        var body = packet.Body;
        if (body.Length < 16 || (body.Length - 8) % 8 != 0)
        {
            error = RtcpParseError.Truncated;
            return false;
        }

        fir = new FullIntraRequest(body);
        error = RtcpParseError.None;
        return true;
    }

    /// <summary>Writes a FIR with one entry.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="senderSsrc">Our SSRC.</param>
    /// <param name="mediaSsrc">The SSRC asked for a decoder refresh.</param>
    /// <param name="sequenceNumber">Command sequence number: increment per new request.</param>
    /// <param name="bytesWritten">Bytes written (<see cref="Length"/>).</param>
    /// <returns><see langword="false"/> when the destination is too small.</returns>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, byte sequenceNumber, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        RtcpHeader.Write(destination, Format, (byte)RtcpPacketType.PayloadSpecificFeedback, Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], mediaSsrc);
        destination[16] = sequenceNumber;
        destination[17] = 0;
        destination[18] = 0;
        destination[19] = 0;
        bytesWritten = Length;
        return true;
    }
}
