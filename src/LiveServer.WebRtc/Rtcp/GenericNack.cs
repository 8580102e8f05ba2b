// RFC 4585 section 6.2.1: generic NACK (RTPFB, FMT 1). Each FCI entry is a packet ID (PID) and a
// 16-bit bitmask of following lost packets (BLP): bit i set means PID+i+1 is lost too. The writer
// packs a list of sequence numbers into as few entries as their order allows.
using System.Buffers.Binary;

namespace LiveServer.WebRtc.Rtcp;

/// <summary>A parsed generic NACK, and its writer.</summary>
public readonly ref struct GenericNack
{
    /// <summary>The FMT value of generic NACK in an RTPFB packet.</summary>
    public const int Format = 1;

    private readonly ReadOnlySpan<byte> _body;

    private GenericNack(ReadOnlySpan<byte> body)
    {
        _body = body;
        EntryCount = (body.Length - 8) / 4;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>SSRC of the media source whose packets are missing.</summary>
    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body[4..]);

    /// <summary>Number of PID/BLP entries.</summary>
    public int EntryCount { get; }

    /// <summary>Reads one FCI entry.</summary>
    /// <param name="index">0-based index below <see cref="EntryCount"/>.</param>
    /// <returns>The packet ID and the bitmask of following lost packets.</returns>
    public (ushort PacketId, ushort LostBitmask) GetEntry(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, EntryCount);
        var entry = _body[(8 + (4 * index))..];
        return (BinaryPrimitives.ReadUInt16BigEndian(entry), BinaryPrimitives.ReadUInt16BigEndian(entry[2..]));
    }

    /// <summary>Expands the entries into the list of lost sequence numbers.</summary>
    /// <param name="destination">Receives sequence numbers; at most 17 per entry.</param>
    /// <returns>How many were written (stops when the destination is full).</returns>
    public int CopyLostSequenceNumbers(Span<ushort> destination)
    {
        var written = 0;
        for (var i = 0; i < EntryCount; i++)
        {
            var (pid, blp) = GetEntry(i);
            if (written == destination.Length)
            {
                return written;
            }

            destination[written++] = pid;
            for (var bit = 0; bit < 16; bit++)
            {
                if ((blp & (1 << bit)) == 0)
                {
                    continue;
                }

                if (written == destination.Length)
                {
                    return written;
                }

                destination[written++] = (ushort)(pid + bit + 1);
            }
        }

        return written;
    }

    /// <summary>Parses a generic NACK.</summary>
    /// <param name="packet">A packet from <see cref="RtcpCompoundReader"/>.</param>
    /// <param name="nack">The view.</param>
    /// <param name="error">Why it was refused.</param>
    /// <returns><see langword="true"/> for a well-formed generic NACK.</returns>
    public static bool TryParse(in RtcpPacket packet, out GenericNack nack, out RtcpParseError error)
    {
        nack = default;
        if (packet.Type != RtcpPacketType.TransportFeedback || packet.Count != Format)
        {
            error = RtcpParseError.WrongType;
            return false;
        }

        var body = packet.Body;
        if (body.Length < 12 || (body.Length - 8) % 4 != 0)
        {
            error = RtcpParseError.Truncated;
            return false;
        }

        nack = new GenericNack(body);
        error = RtcpParseError.None;
        return true;
    }

    /// <summary>Counts the FCI entries <see cref="TryWrite"/> will use for a list.</summary>
    /// <param name="sequenceNumbers">The lost sequence numbers.</param>
    /// <returns>The entry count.</returns>
    public static int CountEntries(ReadOnlySpan<ushort> sequenceNumbers)
    {
        var entries = 0;
        ushort pid = 0;
        for (var i = 0; i < sequenceNumbers.Length; i++)
        {
            var distance = (ushort)(sequenceNumbers[i] - pid);
            if (entries == 0 || distance > 16)
            {
                entries++;
                pid = sequenceNumbers[i];
            }
        }

        return entries;
    }

    /// <summary>
    /// Writes a generic NACK for the given sequence numbers. Numbers in ascending order (across the
    /// wrap) pack best; any order is correct, as every number is covered by some entry.
    /// </summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="senderSsrc">Our SSRC.</param>
    /// <param name="mediaSsrc">The SSRC whose packets are missing.</param>
    /// <param name="sequenceNumbers">At least one lost sequence number.</param>
    /// <param name="bytesWritten">Bytes written.</param>
    /// <returns><see langword="false"/> when the list is empty or the destination too small.</returns>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> sequenceNumbers, out int bytesWritten)
    {
        bytesWritten = 0;
        var entries = CountEntries(sequenceNumbers);
        var length = 12 + (4 * entries);
        if (entries == 0 || destination.Length < length || length > 4 * 65536)
        {
            return false;
        }

        RtcpHeader.Write(destination, Format, (byte)RtcpPacketType.TransportFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
        var offset = 8;
        ushort pid = 0;
        ushort blp = 0;
        var open = false;
        foreach (var seq in sequenceNumbers)
        {
            var distance = (ushort)(seq - pid);
            if (open && distance == 0)
            {
                continue;
            }

            if (open && distance <= 16)
            {
                blp |= (ushort)(1 << (distance - 1));
                continue;
            }

            if (open)
            {
                WriteEntry(destination[(offset += 4)..], pid, blp);
            }

            open = true;
            pid = seq;
            blp = 0;
        }

        WriteEntry(destination[(offset + 4)..], pid, blp);
        bytesWritten = length;
        return true;
    }

    private static void WriteEntry(Span<byte> destination, ushort pid, ushort blp)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, pid);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], blp);
    }
}
