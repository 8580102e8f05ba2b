// RFC 3550 section 6.6: BYE, with its SSRC list and optional reason.
using System.Buffers.Binary;

namespace LiveServer.WebRtc.Rtcp;

/// <summary>A parsed BYE packet.</summary>
public readonly ref struct Goodbye
{
    private readonly ReadOnlySpan<byte> _body;

    private Goodbye(ReadOnlySpan<byte> body, int sourceCount, ReadOnlySpan<byte> reason)
    {
        _body = body;
        SourceCount = sourceCount;
        Reason = reason;
    }

    /// <summary>Number of SSRC/CSRC identifiers leaving.</summary>
    public int SourceCount { get; }

    /// <summary>The reason for leaving (UTF-8), empty when absent.</summary>
    public ReadOnlySpan<byte> Reason { get; }

    /// <summary>Reads one leaving source.</summary>
    /// <param name="index">0-based index below <see cref="SourceCount"/>.</param>
    /// <returns>The SSRC or CSRC.</returns>
    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SourceCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_body[(4 * index)..]);
    }

    /// <summary>Parses a BYE.</summary>
    /// <param name="packet">A packet from <see cref="RtcpCompoundReader"/>.</param>
    /// <param name="goodbye">The view.</param>
    /// <param name="error">Why it was refused.</param>
    /// <returns><see langword="true"/> for a well-formed BYE.</returns>
    public static bool TryParse(in RtcpPacket packet, out Goodbye goodbye, out RtcpParseError error)
    {
        goodbye = default;
        if (packet.Type != RtcpPacketType.Goodbye)
        {
            error = RtcpParseError.WrongType;
            return false;
        }

        var body = packet.Body;
        var offset = 4 * packet.Count;
        if (offset > body.Length)
        {
            error = RtcpParseError.Truncated;
            return false;
        }

        ReadOnlySpan<byte> reason = default;
        if (offset < body.Length)
        {
            int length = body[offset];
            if (offset + 1 + length > body.Length)
            {
                error = RtcpParseError.Truncated;
                return false;
            }

            reason = body.Slice(offset + 1, length);
        }

        goodbye = new Goodbye(body, packet.Count, reason);
        error = RtcpParseError.None;
        return true;
    }
}
