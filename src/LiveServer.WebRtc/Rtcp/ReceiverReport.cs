// RFC 3550 section 6.4.2: receiver report, parsed and written. Profile-specific extensions after
// the report blocks are ignored on read and never written.
using System.Buffers.Binary;

namespace LiveServer.WebRtc.Rtcp;

/// <summary>A parsed RR packet, and the RR writer.</summary>
public readonly ref struct ReceiverReport
{
    /// <summary>Most report blocks one RR can carry (5-bit count).</summary>
    public const int MaxReportBlocks = 31;

    private readonly ReadOnlySpan<byte> _body;

    private ReceiverReport(ReadOnlySpan<byte> body, int reportCount)
    {
        _body = body;
        ReportCount = reportCount;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>Number of report blocks.</summary>
    public int ReportCount { get; }

    /// <summary>Reads a report block.</summary>
    /// <param name="index">0-based index below <see cref="ReportCount"/>.</param>
    /// <returns>The block.</returns>
    public ReportBlock GetReportBlock(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ReportCount);
        return ReportBlock.Read(_body[(4 + (index * ReportBlock.Length))..]);
    }

    /// <summary>Parses an RR.</summary>
    /// <param name="packet">A packet from <see cref="RtcpCompoundReader"/>.</param>
    /// <param name="report">The view.</param>
    /// <param name="error">Why it was refused.</param>
    /// <returns><see langword="true"/> for a well-formed RR.</returns>
    public static bool TryParse(in RtcpPacket packet, out ReceiverReport report, out RtcpParseError error)
    {
        report = default;
        if (packet.Type != RtcpPacketType.ReceiverReport)
        {
            error = RtcpParseError.WrongType;
            return false;
        }

        if (packet.Body.Length < 4 + (packet.Count * ReportBlock.Length))
        {
            error = RtcpParseError.Truncated;
            return false;
        }

        report = new ReceiverReport(packet.Body, packet.Count);
        error = RtcpParseError.None;
        return true;
    }

    /// <summary>Bytes an RR with the given number of blocks occupies.</summary>
    /// <param name="blockCount">Number of report blocks.</param>
    /// <returns>The packet length.</returns>
    public static int GetLength(int blockCount) => 8 + (blockCount * ReportBlock.Length);

    /// <summary>Writes an RR.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="senderSsrc">Our SSRC.</param>
    /// <param name="blocks">Up to <see cref="MaxReportBlocks"/> report blocks (none is valid).</param>
    /// <param name="bytesWritten">Bytes written.</param>
    /// <returns><see langword="false"/> when the destination is too small or there are too many blocks.</returns>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, ReadOnlySpan<ReportBlock> blocks, out int bytesWritten)
    {
        bytesWritten = 0;
        var length = GetLength(blocks.Length);
        if (blocks.Length > MaxReportBlocks || destination.Length < length)
        {
            return false;
        }

        RtcpHeader.Write(destination, blocks.Length, (byte)RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination[(8 + (i * ReportBlock.Length))..]);
        }

        bytesWritten = length;
        return true;
    }
}
