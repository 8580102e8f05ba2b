// draft-alvestrand-rmcat-remb-03 section 2.2: receiver estimated maximum bitrate, an application
// layer feedback message (PSFB, FMT 15) whose FCI starts with the ASCII identifier "REMB". The
// bitrate is an 18-bit mantissa shifted left by a 6-bit exponent; the writer picks the smallest
// exponent that fits, truncating low bits. Other FMT 15 messages are not REMB and are refused.
using System.Buffers.Binary;

namespace LiveServer.WebRtc.Rtcp;

/// <summary>A parsed REMB, and its writer.</summary>
public readonly ref struct ReceiverEstimatedMaxBitrate
{
    /// <summary>The FMT value of application layer feedback in a PSFB packet.</summary>
    public const int Format = 15;

    /// <summary>Largest mantissa (18 bits).</summary>
    public const uint MaxMantissa = 0x3FFFF;

    private const uint RembIdentifier = 0x52454D42; // "REMB"

    private readonly ReadOnlySpan<byte> _body;

    private ReceiverEstimatedMaxBitrate(ReadOnlySpan<byte> body, int ssrcCount)
    {
        _body = body;
        SsrcCount = ssrcCount;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>The exponent field (6 bits).</summary>
    public int Exponent => _body[13] >> 2;

    /// <summary>The mantissa field (18 bits).</summary>
    public uint Mantissa => ((uint)(_body[13] & 0x03) << 16) | ((uint)_body[14] << 8) | _body[15];

    /// <summary>The estimated maximum bitrate in bits per second (saturates at <see cref="ulong.MaxValue"/>).</summary>
    public ulong Bitrate => Exponent > 0 && ((ulong)Mantissa >> (64 - Exponent)) != 0 ? ulong.MaxValue : (ulong)Mantissa << Exponent;

    /// <summary>Number of SSRCs the estimate applies to.</summary>
    public int SsrcCount { get; }

    /// <summary>Reads one SSRC the estimate applies to.</summary>
    /// <param name="index">0-based index below <see cref="SsrcCount"/>.</param>
    /// <returns>The SSRC.</returns>
    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_body[(16 + (4 * index))..]);
    }

    /// <summary>Parses a REMB.</summary>
    /// <param name="packet">A packet from <see cref="RtcpCompoundReader"/>.</param>
    /// <param name="remb">The view.</param>
    /// <param name="error">Why it was refused.</param>
    /// <returns><see langword="true"/> for a well-formed REMB.</returns>
    public static bool TryParse(in RtcpPacket packet, out ReceiverEstimatedMaxBitrate remb, out RtcpParseError error)
    {
        remb = default;
        var body = packet.Body;
        if (packet.Type != RtcpPacketType.PayloadSpecificFeedback || packet.Count != Format
            || body.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(body[8..]) != RembIdentifier)
        {
            error = RtcpParseError.WrongType;
            return false;
        }

        if (body.Length < 16 || body.Length < 16 + (4 * body[12]))
        {
            error = RtcpParseError.Truncated;
            return false;
        }

        remb = new ReceiverEstimatedMaxBitrate(body, body[12]);
        error = RtcpParseError.None;
        return true;
    }

    /// <summary>Splits a bitrate into the smallest exponent and its mantissa.</summary>
    /// <param name="bitrate">Bits per second.</param>
    /// <returns>The 6-bit exponent and the 18-bit mantissa (low bits truncated).</returns>
    public static (int Exponent, uint Mantissa) Encode(ulong bitrate)
    {
        var exponent = 0;
        while ((bitrate >> exponent) > MaxMantissa)
        {
            exponent++;
        }

        return (exponent, (uint)(bitrate >> exponent));
    }

    /// <summary>Bytes a REMB with the given number of SSRCs occupies.</summary>
    /// <param name="ssrcCount">Number of SSRCs.</param>
    /// <returns>The packet length.</returns>
    public static int GetLength(int ssrcCount) => 20 + (4 * ssrcCount);

    /// <summary>Writes a REMB.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="senderSsrc">Our SSRC.</param>
    /// <param name="bitrate">The estimate in bits per second.</param>
    /// <param name="ssrcs">The media SSRCs the estimate applies to (at most 255).</param>
    /// <param name="bytesWritten">Bytes written.</param>
    /// <returns><see langword="false"/> when the destination is too small or there are too many SSRCs.</returns>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs, out int bytesWritten)
    {
        bytesWritten = 0;
        var length = GetLength(ssrcs.Length);
        if (ssrcs.Length > 255 || destination.Length < length)
        {
            return false;
        }

        var (exponent, mantissa) = Encode(bitrate);
        RtcpHeader.Write(destination, Format, (byte)RtcpPacketType.PayloadSpecificFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], RembIdentifier);
        destination[16] = (byte)ssrcs.Length;
        destination[17] = (byte)((exponent << 2) | (int)(mantissa >> 16));
        destination[18] = (byte)(mantissa >> 8);
        destination[19] = (byte)mantissa;
        for (var i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(20 + (4 * i))..], ssrcs[i]);
        }

        bytesWritten = length;
        return true;
    }
}
