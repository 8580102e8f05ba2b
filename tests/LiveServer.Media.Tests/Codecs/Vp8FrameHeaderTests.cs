using LiveServer.Media.Codecs;
using LiveServer.Media.Ivf;

namespace LiveServer.Media.Tests.Codecs;

public sealed class Vp8FrameHeaderTests
{
    /// <summary>A keyframe start per RFC 6386 section 9.1: frame tag, start code, 2-bit scale + 14-bit sizes.</summary>
    private static byte[] Keyframe(int width, int height, int horizontalScale = 0, int verticalScale = 0, int firstPartitionSize = 1234)
    {
        // frame tag: bit 0 key_frame (0 = key), bits 1-3 version, bit 4 show_frame, bits 5-23 partition size.
        var tag = 0 | (0 << 1) | (1 << 4) | (firstPartitionSize << 5);
        var w = width | (horizontalScale << 14);
        var h = height | (verticalScale << 14);
        return
        [
            (byte)tag, (byte)(tag >> 8), (byte)(tag >> 16),
            0x9d, 0x01, 0x2a,
            (byte)w, (byte)(w >> 8),
            (byte)h, (byte)(h >> 8),
            0x00, 0x00,
        ];
    }

    [Theory]
    [InlineData(640, 360)]
    [InlineData(1920, 1080)]
    [InlineData(16383, 1)]
    public void TryReadSize_Keyframe_ReadsWidthAndHeight(int width, int height)
    {
        var frame = Keyframe(width, height);

        Assert.True(Vp8FrameHeader.IsKeyframe(frame));
        Assert.True(Vp8FrameHeader.TryReadSize(frame, out var w, out var h));
        Assert.Equal((width, height), (w, h));
    }

    [Fact]
    public void TryReadSize_ScaleBitsSet_IgnoredIn14BitSize()
    {
        var frame = Keyframe(1280, 720, horizontalScale: 3, verticalScale: 2);

        Assert.True(Vp8FrameHeader.TryReadSize(frame, out var w, out var h));
        Assert.Equal((1280, 720), (w, h));
    }

    [Fact]
    public void IsKeyframe_InterframeTag_False()
    {
        var frame = Keyframe(640, 360);
        frame[0] |= 0x01;

        Assert.False(Vp8FrameHeader.IsKeyframe(frame));
        Assert.False(Vp8FrameHeader.TryReadSize(frame, out var w, out var h));
        Assert.Equal((0, 0), (w, h));
    }

    [Fact]
    public void IsKeyframe_WrongStartCode_False()
    {
        var frame = Keyframe(640, 360);
        frame[4] = 0x02;

        Assert.False(Vp8FrameHeader.IsKeyframe(frame));
    }

    [Fact]
    public void IsKeyframe_ShortInput_False()
    {
        var frame = Keyframe(640, 360);

        Assert.False(Vp8FrameHeader.IsKeyframe(frame.AsSpan(0, 9)));
        Assert.False(Vp8FrameHeader.TryReadSize(frame.AsSpan(0, 9), out _, out _));
        Assert.False(Vp8FrameHeader.IsKeyframe([]));
    }

    [Fact]
    public void TryReadSize_ZeroWidth_False()
    {
        Assert.False(Vp8FrameHeader.TryReadSize(Keyframe(0, 360), out _, out _));
    }
}
