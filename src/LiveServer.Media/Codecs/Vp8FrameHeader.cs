namespace LiveServer.Media.Codecs;

/// <summary>
/// The start of a VP8 frame (RFC 6386 section 9.1): a 3-byte frame tag whose lowest bit is 0 for a
/// keyframe; keyframes follow with the start code 9d 01 2a and 14-bit width and height.
/// </summary>
public static class Vp8FrameHeader
{
    /// <summary>True when the frame is a keyframe (needs the tag and start code).</summary>
    public static bool IsKeyframe(ReadOnlySpan<byte> frame) =>
        frame.Length >= 10 && (frame[0] & 0x01) == 0
        && frame[3] == 0x9d && frame[4] == 0x01 && frame[5] == 0x2a;

    /// <summary>Reads a keyframe's picture size; false for interframes or short input.</summary>
    public static bool TryReadSize(ReadOnlySpan<byte> frame, out int width, out int height)
    {
        width = height = 0;
        if (!IsKeyframe(frame))
        {
            return false;
        }

        width = (frame[6] | (frame[7] << 8)) & 0x3fff;
        height = (frame[8] | (frame[9] << 8)) & 0x3fff;
        return width > 0 && height > 0;
    }
}
