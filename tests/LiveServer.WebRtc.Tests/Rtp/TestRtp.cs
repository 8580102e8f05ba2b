using System.Buffers.Binary;
using LiveServer.WebRtc.Rtp;

namespace LiveServer.WebRtc.Tests.Rtp;

/// <summary>Builds RTP packets for tests.</summary>
internal static class TestRtp
{
    public static byte[] Packet(ushort sequence, uint timestamp = 0, bool marker = false, byte payloadType = 96, uint ssrc = 0x11223344, params byte[] payload)
    {
        var bytes = new byte[12 + payload.Length];
        bytes[0] = 0x80;
        bytes[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), ssrc);
        payload.CopyTo(bytes, 12);
        return bytes;
    }

    public static RtpPacket Parse(byte[] bytes)
    {
        Assert.True(RtpPacket.TryParse(bytes, out var packet, out var error), $"refused: {error}");
        return packet;
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);
}
