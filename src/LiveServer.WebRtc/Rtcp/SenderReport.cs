// RFC 3550 section 6.4.1: sender report. Profile-specific extensions after the report blocks are
// ignored. The server only receives SRs (to fill LSR/DLSR and map RTP time to wall clock).
using System.Buffers.Binary;

namespace LiveServer.WebRtc.Rtcp;

/// <summary>A parsed SR packet.</summary>
public readonly ref struct SenderReport
{
    private const int SenderInfoLength = 24;
    private readonly ReadOnlySpan<byte> _body;

    private SenderReport(ReadOnlySpan<byte> body, int reportCount)
    {
        _body = body;
        ReportCount = reportCount;
    }

    /// <summary>SSRC of the sender.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>64-bit NTP timestamp (seconds since 1900 in the high word, fraction in the low word).</summary>
    public ulong NtpTimestamp => BinaryPrimitives.ReadUInt64BigEndian(_body[4..]);

    /// <summary>RTP timestamp corresponding to <see cref="NtpTimestamp"/>.</summary>
    public uint RtpTimestamp => BinaryPrimitives.ReadUInt32BigEndian(_body[12..]);

    /// <summary>Sender's packet count.</summary>
    public uint PacketCount => BinaryPrimitives.ReadUInt32BigEndian(_body[16..]);

    /// <summary>Sender's octet count.</summary>
    public uint OctetCount => BinaryPrimitives.ReadUInt32BigEndian(_body[20..]);

    /// <summary>Number of report blocks.</summary>
    public int ReportCount { get; }

    /// <summary>Reads a report block.</summary>
    /// <param name="index">0-based index below <see cref="ReportCount"/>.</param>
    /// <returns>The block.</returns>
    public ReportBlock GetReportBlock(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ReportCount);
        return ReportBlock.Read(_body[(SenderInfoLength + (index * ReportBlock.Length))..]);
    }

    /// <summary>Parses an SR.</summary>
    /// <param name="packet">A packet from <see cref="RtcpCompoundReader"/>.</param>
    /// <param name="report">The view.</param>
    /// <param name="error">Why it was refused.</param>
    /// <returns><see langword="true"/> for a well-formed SR.</returns>
    public static bool TryParse(in RtcpPacket packet, out SenderReport report, out RtcpParseError error)
    {
        report = default;
        if (packet.Type != RtcpPacketType.SenderReport)
        {
            error = RtcpParseError.WrongType;
            return false;
        }

        var body = packet.Body;
        if (body.Length < SenderInfoLength + (packet.Count * ReportBlock.Length))
        {
            error = RtcpParseError.Truncated;
            return false;
        }

        report = new SenderReport(body, packet.Count);
        error = RtcpParseError.None;
        return true;
    }
}
