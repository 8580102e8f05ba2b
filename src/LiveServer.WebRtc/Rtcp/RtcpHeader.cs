using System.Buffers.Binary;

namespace LiveServer.WebRtc.Rtcp;

/// <summary>Writes the RTCP common header (RFC 3550 6.4.1) for the packet writers.</summary>
internal static class RtcpHeader
{
    public static void Write(Span<byte> destination, int count, byte packetType, int totalLength)
    {
        destination[0] = (byte)(0x80 | (count & 0x1F));
        destination[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((totalLength / 4) - 1));
    }
}
