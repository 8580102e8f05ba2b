using System.Buffers.Binary;

namespace LiveServer.WebRtc.Tests.Sessions;

/// <summary>Minimal VP8 frames (RFC 6386 9.1 frame tag, and the start code and size for keyframes).</summary>
internal static class Vp8TestFrames
{
    public static byte[] Create(bool keyframe, int length, uint seed)
    {
        var frame = new byte[length];
        new Random((int)seed).NextBytes(frame);

        // Frame tag: bit 0 is the inverse key-frame flag, bits 1-3 the version, bit 4 show_frame.
        frame[0] = (byte)(keyframe ? 0x10 : 0x11);
        frame[1] = 0x02;
        frame[2] = 0x00;
        if (keyframe)
        {
            frame[3] = 0x9D;
            frame[4] = 0x01;
            frame[5] = 0x2A;
            BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(6), 640);
            BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(8), 360);
        }

        return frame;
    }
}
