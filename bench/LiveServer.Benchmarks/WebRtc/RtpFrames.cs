using System.Buffers.Binary;

namespace LiveServer.Benchmarks.WebRtc;

/// <summary>Builds RTP packets for the depacketizer and jitter buffer benchmarks.</summary>
internal static class RtpFrames
{
    public const int PayloadPerPacket = 1100;
    public const int PacketsPerFrame = 10;

    public static byte[] Packet(byte payloadType, bool marker, uint timestamp, ReadOnlySpan<byte> payload)
    {
        var packet = new byte[12 + payload.Length];
        packet[0] = 0x80;
        packet[1] = (byte)(payloadType | (marker ? 0x80 : 0));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0xCAFE_F00D);
        payload.CopyTo(packet.AsSpan(12));
        return packet;
    }

    /// <summary>A VP8 frame of 10 x 1100 payload bytes: 1-byte descriptors, S bit on the first.</summary>
    public static byte[][] Vp8Frame(bool keyframe)
    {
        var packets = new byte[PacketsPerFrame][];
        var payload = new byte[PayloadPerPacket];
        new Random(1).NextBytes(payload);
        for (var i = 0; i < PacketsPerFrame; i++)
        {
            payload[0] = (byte)(i == 0 ? 0x10 : 0x00);
            if (i == 0)
            {
                // VP8 frame tag: bit 0 clear = keyframe; keyframes carry the 9d 01 2a start code.
                payload[1] = (byte)(keyframe ? 0x10 : 0x11);
                payload[4] = 0x9d;
                payload[5] = 0x01;
                payload[6] = 0x2a;
            }

            packets[i] = Packet(96, i == PacketsPerFrame - 1, 0, payload);
        }

        return packets;
    }

    /// <summary>A non-IDR H.264 slice of 10 x 1100 payload bytes as FU-A fragments (RFC 6184 5.8).</summary>
    public static byte[][] H264FuAFrame()
    {
        var packets = new byte[PacketsPerFrame][];
        var payload = new byte[PayloadPerPacket];
        new Random(2).NextBytes(payload);
        for (var i = 0; i < PacketsPerFrame; i++)
        {
            payload[0] = 0x60 | 28; // F=0, NRI=3, type FU-A
            payload[1] = (byte)((i == 0 ? 0x80 : 0) | (i == PacketsPerFrame - 1 ? 0x40 : 0) | 1);
            packets[i] = Packet(102, i == PacketsPerFrame - 1, 0, payload);
        }

        return packets;
    }

    /// <summary>SPS, PPS and a small IDR as single NAL unit packets of one access unit.</summary>
    public static byte[][] H264Keyframe() =>
    [
        Packet(102, false, 0, [0x67, 0x42, 0xC0, 0x1F, 0x8C, 0x8D, 0x40]),
        Packet(102, false, 0, [0x68, 0xCE, 0x3C, 0x80]),
        Packet(102, true, 0, [0x65, 0x88, 0x84, 0x00, 0x33, 0xFF]),
    ];

    public static void SetSequence(byte[] packet, ushort sequence) =>
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
}
