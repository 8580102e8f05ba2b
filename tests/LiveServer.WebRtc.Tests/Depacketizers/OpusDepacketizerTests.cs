using LiveServer.WebRtc.Depacketizers;
using LiveServer.WebRtc.Rtp;
using static LiveServer.WebRtc.Tests.Rtp.TestRtp;

namespace LiveServer.WebRtc.Tests.Depacketizers;

public sealed class OpusDepacketizerTests
{
    [Fact]
    public void TryPush_EachPacket_OneFrame()
    {
        var depacketizer = new OpusDepacketizer();

        Assert.True(depacketizer.TryPush(Parse(Packet(1, 960, payloadType: 111, payload: [0xFC, 0x01, 0x02])), out var frame));

        Assert.Equal(MediaCodec.Opus, frame.Codec);
        Assert.True(frame.IsKeyframe);
        Assert.Equal(960u, frame.RtpTimestamp);
        Assert.Equal([0xFC, 0x01, 0x02], frame.Data.ToArray());
    }

    [Fact]
    public void TryPush_AfterLoss_NoKeyframeNeeded()
    {
        var depacketizer = new OpusDepacketizer();
        Assert.True(depacketizer.TryPush(Parse(Packet(1, 0, payload: [0xFC])), out _));

        Assert.True(depacketizer.TryPush(Parse(Packet(5, 3840, payload: [0xFC])), out _));
        Assert.False(depacketizer.NeedsKeyframe);
        Assert.Equal(2, depacketizer.FramesEmitted);
    }

    [Fact]
    public void TryPush_EmptyPayload_Refused()
    {
        var depacketizer = new OpusDepacketizer();

        Assert.False(depacketizer.TryPush(Parse(Packet(1, 0)), out _));
        Assert.Equal(1, depacketizer.PacketsRefused);
    }

    [Theory]
    [InlineData(MediaCodec.Opus, typeof(OpusDepacketizer))]
    [InlineData(MediaCodec.Vp8, typeof(Vp8Depacketizer))]
    [InlineData(MediaCodec.H264, typeof(H264Depacketizer))]
    public void Create_SupportedCodec_MatchingDepacketizer(MediaCodec codec, Type expected)
    {
        var depacketizer = Depacketizer.Create(codec);
        Assert.IsType(expected, depacketizer);
        Assert.Equal(codec, depacketizer.Codec);
    }

    [Fact]
    public void Create_Unknown_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Depacketizer.Create(MediaCodec.Unknown));
}
