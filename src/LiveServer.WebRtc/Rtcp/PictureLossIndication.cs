// RFC 4585 section 6.3.1: picture loss indication (PSFB, FMT 1, no FCI). The server sends it when a
// decoder starts, when loss was not repaired, and periodically while a livestream runs.
using System.Buffers.Binary;

namespace LiveServer.WebRtc.Rtcp;

/// <summary>A parsed PLI, and its writer.</summary>
public readonly ref struct PictureLossIndication
{
    /// <summary>The FMT value of PLI in a PSFB packet.</summary>
    public const int Format = 1;

    /// <summary>Size of a PLI on the wire.</summary>
    public const int Length = 12;

    private PictureLossIndication(uint senderSsrc, uint mediaSsrc)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the media source asked for a keyframe.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Parses a PLI.</summary>
    /// <param name="packet">A packet from <see cref="RtcpCompoundReader"/>.</param>
    /// <param name="pli">The view.</param>
    /// <param name="error">Why it was refused.</param>
    /// <returns><see langword="true"/> for a well-formed PLI.</returns>
    public static bool TryParse(in RtcpPacket packet, out PictureLossIndication pli, out RtcpParseError error)
    {
        pli = default;
        if (packet.Type != RtcpPacketType.PayloadSpecificFeedback || packet.Count != Format)
        {
            error = RtcpParseError.WrongType;
            return false;
        }

        var body = packet.Body;
        if (body.Length < 8)
        {
            error = RtcpParseError.Truncated;
            return false;
        }

        pli = new PictureLossIndication(BinaryPrimitives.ReadUInt32BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body[4..]));
        error = RtcpParseError.None;
        return true;
    }

    /// <summary>Writes a PLI.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="senderSsrc">Our SSRC.</param>
    /// <param name="mediaSsrc">The SSRC asked for a keyframe.</param>
    /// <param name="bytesWritten">Bytes written (<see cref="Length"/>).</param>
    /// <returns><see langword="false"/> when the destination is too small.</returns>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        RtcpHeader.Write(destination, Format, (byte)RtcpPacketType.PayloadSpecificFeedback, Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
        bytesWritten = Length;
        return true;
    }
}
