using System.Buffers.Binary;

namespace LiveServer.WebRtc.Tests.Sessions;

/// <summary>Writes an RTCP common header (RFC 3550 6.4.1) for hand-built packets.</summary>
internal static class RtcpHeaderForTests
{
    public static void Write(Span<byte> packet, int count, byte type)
    {
        packet[0] = (byte)(0x80 | count);
        packet[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)((packet.Length / 4) - 1));
    }
}
