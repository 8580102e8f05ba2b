// RFC 3550 section 6.4.1: the 24-byte reception report block carried by SR and RR packets.
using System.Buffers.Binary;

namespace LiveServer.WebRtc.Rtcp;

/// <summary>A reception report block (RFC 3550 6.4.1).</summary>
/// <param name="Ssrc">The source this block reports on.</param>
/// <param name="FractionLost">Fraction lost since the previous report, in 1/256 units.</param>
/// <param name="CumulativeLost">Packets lost since reception began (signed 24-bit; duplicates can make it negative).</param>
/// <param name="ExtendedHighestSequenceNumber">Cycle count in the high 16 bits, highest sequence number in the low 16.</param>
/// <param name="Jitter">Interarrival jitter in timestamp units.</param>
/// <param name="LastSenderReport">Middle 32 bits of the NTP timestamp of the last SR received (0 if none).</param>
/// <param name="DelaySinceLastSenderReport">Delay since that SR in 1/65536 seconds (0 if none).</param>
public readonly record struct ReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequenceNumber,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    /// <summary>Size of a report block on the wire.</summary>
    public const int Length = 24;

    /// <summary>Reads a block.</summary>
    /// <param name="source">At least <see cref="Length"/> bytes.</param>
    /// <returns>The block.</returns>
    public static ReportBlock Read(ReadOnlySpan<byte> source)
    {
        var lost = (int)(BinaryPrimitives.ReadUInt32BigEndian(source[4..]) & 0x00FFFFFF);
        if ((lost & 0x800000) != 0)
        {
            lost -= 0x1000000;
        }

        return new ReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            source[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[20..]));
    }

    /// <summary>Writes the block; the cumulative loss is clamped to the signed 24-bit range.</summary>
    /// <param name="destination">At least <see cref="Length"/> bytes.</param>
    public void Write(Span<byte> destination)
    {
        var lost = Math.Clamp(CumulativeLost, -0x800000, 0x7FFFFF);
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ((uint)FractionLost << 24) | ((uint)lost & 0x00FFFFFF));
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
    }
}
