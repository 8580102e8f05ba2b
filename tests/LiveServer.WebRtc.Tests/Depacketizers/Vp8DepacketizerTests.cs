using LiveServer.WebRtc.Depacketizers;
using LiveServer.WebRtc.Rtp;
using static LiveServer.WebRtc.Tests.Rtp.TestRtp;

namespace LiveServer.WebRtc.Tests.Depacketizers;

public sealed class Vp8DepacketizerTests
{
    // VP8 key frame start (RFC 6386 9.1): frame tag with P bit 0, start code 9D 01 2A, 640x480.
    private static readonly byte[] KeyframeStart = [0x50, 0x2A, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01];
    private static readonly byte[] InterframeStart = [0x31, 0x05, 0x00, 0x11, 0x22];

    private static byte[] Vp8(ushort seq, uint ts, bool marker, byte[] descriptor, byte[] data) =>
        Packet(seq, ts, marker, payload: [.. descriptor, .. data]);

    private static (bool Emitted, DepacketizedFrame Frame) Push(Vp8Depacketizer depacketizer, byte[] bytes)
    {
        var emitted = depacketizer.TryPush(Parse(bytes), out var frame);
        return (emitted, frame with { Data = frame.Data.ToArray() });
    }

    [Fact]
    public void TryParse_AllExtensions_ReadsEveryField()
    {
        // X=1 N=1 S=1 PID=2; I L T K; M=1 PictureID 0x1234; TL0PICIDX 0x56; TID 2, Y, KEYIDX 5.
        byte[] payload = [0xB2, 0xF0, 0x92, 0x34, 0x56, 0xA5, 0xFF];

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var d));

        Assert.Equal(new Vp8PayloadDescriptor(6, true, true, 2, 0x1234, 0x56, 2, true, 5), d);
        Assert.False(d.StartsFrame);
    }

    [Fact]
    public void TryParse_SevenBitPictureId_OneByte()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse([0x90, 0x80, 0x7F, 0x00], out var d));
        Assert.Equal((3, 0x7F, true), (d.Length, d.PictureId, d.StartsFrame));
    }

    [Theory]
    [InlineData(new byte[] { 0x80 })]
    [InlineData(new byte[] { 0x90, 0x80 })]
    [InlineData(new byte[] { 0x90, 0x80, 0x80 })]
    [InlineData(new byte[] { 0x90, 0x40 })]
    [InlineData(new byte[] { 0x90, 0x20 })]
    public void TryParse_TruncatedExtensions_Refused(byte[] payload) =>
        Assert.False(Vp8PayloadDescriptor.TryParse(payload, out _));

    [Fact]
    public void TryPush_KeyframeAcrossThreePackets_EmitsConcatenatedKeyframe()
    {
        var depacketizer = new Vp8Depacketizer();
        Assert.True(depacketizer.NeedsKeyframe);

        Assert.False(Push(depacketizer, Vp8(10, 9000, false, [0x90, 0x80, 0x81, 0x23], KeyframeStart)).Emitted);
        Assert.False(Push(depacketizer, Vp8(11, 9000, false, [0x80, 0x80, 0x81, 0x23], [1, 2, 3])).Emitted);
        var (emitted, frame) = Push(depacketizer, Vp8(12, 9000, true, [0x01], [4, 5]));

        Assert.True(emitted);
        Assert.True(frame.IsKeyframe);
        Assert.Equal(MediaCodec.Vp8, frame.Codec);
        Assert.Equal(9000u, frame.RtpTimestamp);
        Assert.Equal([.. KeyframeStart, 1, 2, 3, 4, 5], frame.Data.ToArray());
        Assert.False(depacketizer.NeedsKeyframe);
    }

    [Fact]
    public void TryPush_InterframeBeforeAnyKeyframe_DroppedAndStillNeedsKeyframe()
    {
        var depacketizer = new Vp8Depacketizer();

        Assert.False(Push(depacketizer, Vp8(1, 100, true, [0x10], InterframeStart)).Emitted);

        Assert.True(depacketizer.NeedsKeyframe);
        Assert.Equal(1, depacketizer.FramesDiscarded);
    }

    [Fact]
    public void TryPush_LossInsideFrame_PartialDiscardedUntilNextKeyframe()
    {
        var depacketizer = new Vp8Depacketizer();
        Assert.True(Push(depacketizer, Vp8(1, 100, true, [0x10], KeyframeStart)).Emitted);
        var (delta, deltaFrame) = Push(depacketizer, Vp8(2, 200, true, [0x10], InterframeStart));
        Assert.True(delta);
        Assert.False(deltaFrame.IsKeyframe);

        // Frame at 300: packet 4 is lost; 5 carries the marker.
        Assert.False(Push(depacketizer, Vp8(3, 300, false, [0x10], InterframeStart)).Emitted);
        Assert.False(Push(depacketizer, Vp8(5, 300, true, [0x00], [9, 9])).Emitted);
        Assert.True(depacketizer.NeedsKeyframe);

        // The next delta frame is complete but cannot be decoded: dropped.
        Assert.False(Push(depacketizer, Vp8(6, 400, true, [0x10], InterframeStart)).Emitted);

        var (key, keyFrame) = Push(depacketizer, Vp8(7, 500, true, [0x10], KeyframeStart));
        Assert.True(key);
        Assert.True(keyFrame.IsKeyframe);
        Assert.False(depacketizer.NeedsKeyframe);
        Assert.Equal(3, depacketizer.FramesEmitted);
        Assert.Equal(2, depacketizer.FramesDiscarded);
    }

    [Fact]
    public void TryPush_NewFrameStartsWithoutPreviousMarker_PreviousDiscarded()
    {
        var depacketizer = new Vp8Depacketizer();
        Assert.False(Push(depacketizer, Vp8(1, 100, false, [0x10], KeyframeStart)).Emitted);

        Assert.False(Push(depacketizer, Vp8(2, 200, true, [0x10], InterframeStart)).Emitted);

        Assert.True(depacketizer.NeedsKeyframe);
        Assert.Equal(0, depacketizer.FramesEmitted);
    }

    [Fact]
    public void TryPush_KeyframeWithoutStartCode_RefusedAsCorrupt()
    {
        var depacketizer = new Vp8Depacketizer();

        Assert.False(Push(depacketizer, Vp8(1, 100, true, [0x10], [0x50, 0x2A, 0x00, 0x11, 0x22, 0x33, 0, 0, 0, 0])).Emitted);

        Assert.Equal(1, depacketizer.PacketsRefused);
        Assert.True(depacketizer.NeedsKeyframe);
    }

    [Fact]
    public void TryPush_FrameLargerThanMax_Discarded()
    {
        var depacketizer = new Vp8Depacketizer(maxFrameSize: 16);
        Assert.False(Push(depacketizer, Vp8(1, 100, false, [0x10], KeyframeStart)).Emitted);

        Assert.False(Push(depacketizer, Vp8(2, 100, true, [0x00], new byte[10])).Emitted);
        Assert.Equal(1, depacketizer.FramesDiscarded);
    }
}
