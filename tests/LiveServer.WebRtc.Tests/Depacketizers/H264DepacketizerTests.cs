using LiveServer.WebRtc.Depacketizers;
using LiveServer.WebRtc.Rtp;
using static LiveServer.WebRtc.Tests.Rtp.TestRtp;

namespace LiveServer.WebRtc.Tests.Depacketizers;

public sealed class H264DepacketizerTests
{
    private static readonly byte[] Sps = [0x67, 0x42, 0xE0, 0x1F, 0xDA, 0x01];
    private static readonly byte[] Pps = [0x68, 0xCE, 0x3C, 0x80];
    private static readonly byte[] IdrBody = [0x65, 0x88, 0x84, 0x00, 0x33, 0xFF, 0x10, 0x20, 0x30];
    private static readonly byte[] NonIdr = [0x41, 0x9A, 0x02, 0x03];

    private static byte[] StapA(params byte[][] nals)
    {
        var list = new List<byte> { 0x78 }; // F=0, NRI=3, type 24
        foreach (var nal in nals)
        {
            list.Add((byte)(nal.Length >> 8));
            list.Add((byte)nal.Length);
            list.AddRange(nal);
        }

        return [.. list];
    }

    private static byte[] FuA(byte nalHeader, bool start, bool end, byte[] data) =>
        [(byte)((nalHeader & 0xE0) | 28), (byte)((start ? 0x80 : 0) | (end ? 0x40 : 0) | (nalHeader & 0x1F)), .. data];

    private static byte[] AnnexB(params byte[][] nals) => [.. nals.SelectMany(n => new byte[] { 0, 0, 0, 1 }.Concat(n))];

    private static (bool Emitted, DepacketizedFrame Frame) Push(H264Depacketizer depacketizer, ushort seq, uint ts, bool marker, byte[] payload)
    {
        var emitted = depacketizer.TryPush(Parse(Packet(seq, ts, marker, payload: payload)), out var frame);
        return (emitted, frame with { Data = frame.Data.ToArray() });
    }

    private static byte[][] IdrFragments() =>
    [
        FuA(IdrBody[0], true, false, IdrBody[1..4]),
        FuA(IdrBody[0], false, false, IdrBody[4..7]),
        FuA(IdrBody[0], false, true, IdrBody[7..]),
    ];

    [Fact]
    public void TryPush_StapAParameterSetsThenFuAIdr_EmitsAnnexBKeyframe()
    {
        var depacketizer = new H264Depacketizer();
        var fragments = IdrFragments();

        Assert.False(Push(depacketizer, 1, 3000, false, StapA(Sps, Pps)).Emitted);
        Assert.False(Push(depacketizer, 2, 3000, false, fragments[0]).Emitted);
        Assert.False(Push(depacketizer, 3, 3000, false, fragments[1]).Emitted);
        var (emitted, frame) = Push(depacketizer, 4, 3000, true, fragments[2]);

        Assert.True(emitted);
        Assert.True(frame.IsKeyframe);
        Assert.Equal(MediaCodec.H264, frame.Codec);
        Assert.Equal(3000u, frame.RtpTimestamp);
        Assert.Equal(AnnexB(Sps, Pps, IdrBody), frame.Data.ToArray());
        Assert.False(depacketizer.NeedsKeyframe);
    }

    [Fact]
    public void TryPush_IdrWithoutParameterSets_PrependsRememberedSpsAndPps()
    {
        var depacketizer = new H264Depacketizer();
        Assert.True(Push(depacketizer, 1, 3000, true, StapA(Sps, Pps, IdrBody)).Emitted);
        Assert.True(Push(depacketizer, 2, 6000, true, NonIdr).Emitted);

        var (emitted, frame) = Push(depacketizer, 3, 9000, true, IdrBody);

        Assert.True(emitted);
        Assert.True(frame.IsKeyframe);
        Assert.Equal(AnnexB(Sps, Pps, IdrBody), frame.Data.ToArray());
    }

    [Fact]
    public void TryPush_IdrWithOnlySps_PrependsOnlyPps()
    {
        var depacketizer = new H264Depacketizer();
        Assert.True(Push(depacketizer, 1, 3000, true, StapA(Sps, Pps, IdrBody)).Emitted);

        var (_, frame) = Push(depacketizer, 2, 6000, true, StapA(Sps, IdrBody));

        Assert.Equal(AnnexB(Pps, Sps, IdrBody), frame.Data.ToArray());
    }

    [Fact]
    public void TryPush_IdrWhenNoParameterSetWasEverSeen_Dropped()
    {
        var depacketizer = new H264Depacketizer();

        Assert.False(Push(depacketizer, 1, 3000, true, IdrBody).Emitted);
        Assert.True(depacketizer.NeedsKeyframe);
        Assert.Equal(1, depacketizer.FramesDiscarded);
    }

    [Fact]
    public void TryPush_NonIdrAfterKeyframe_EmittedAsDeltaFrame()
    {
        var depacketizer = new H264Depacketizer();
        Assert.True(Push(depacketizer, 1, 3000, true, StapA(Sps, Pps, IdrBody)).Emitted);

        var (emitted, frame) = Push(depacketizer, 2, 6000, true, NonIdr);

        Assert.True(emitted);
        Assert.False(frame.IsKeyframe);
        Assert.Equal(AnnexB(NonIdr), frame.Data.ToArray());
    }

    [Fact]
    public void TryPush_FuAMiddleLost_PartialDiscardedAndKeyframeNeeded()
    {
        var depacketizer = new H264Depacketizer();
        Assert.True(Push(depacketizer, 1, 3000, true, StapA(Sps, Pps, IdrBody)).Emitted);
        var fragments = IdrFragments();

        Assert.False(Push(depacketizer, 2, 6000, false, fragments[0]).Emitted);
        Assert.False(Push(depacketizer, 4, 6000, true, fragments[2]).Emitted);

        Assert.True(depacketizer.NeedsKeyframe);
        Assert.False(Push(depacketizer, 5, 9000, true, NonIdr).Emitted);
        Assert.True(Push(depacketizer, 6, 12000, true, IdrBody).Emitted);
        Assert.False(depacketizer.NeedsKeyframe);
        Assert.Equal(2, depacketizer.FramesDiscarded);
    }

    [Fact]
    public void TryPush_FuAWithoutStartFragment_Discarded()
    {
        var depacketizer = new H264Depacketizer();
        Assert.True(Push(depacketizer, 1, 3000, true, StapA(Sps, Pps, IdrBody)).Emitted);
        var fragments = IdrFragments();

        Assert.False(Push(depacketizer, 2, 6000, false, fragments[1]).Emitted);
        Assert.False(Push(depacketizer, 3, 6000, true, fragments[2]).Emitted);

        Assert.True(depacketizer.NeedsKeyframe);
    }

    [Fact]
    public void TryPush_MarkerWhileFragmentOpen_Discarded()
    {
        var depacketizer = new H264Depacketizer();
        Assert.False(Push(depacketizer, 1, 3000, false, StapA(Sps, Pps)).Emitted);

        Assert.False(Push(depacketizer, 2, 3000, true, IdrFragments()[0]).Emitted);

        Assert.Equal(0, depacketizer.FramesEmitted);
        Assert.True(depacketizer.NeedsKeyframe);
    }

    [Theory]
    [InlineData(new byte[] { 0x78, 0x00, 0x05, 0x67, 0x42 })] // STAP-A size past the end
    [InlineData(new byte[] { 0x78, 0x00, 0x00 })] // zero-size unit
    [InlineData(new byte[] { 0x78 })] // no units
    [InlineData(new byte[] { 0x7C, 0xC5, 0x88 })] // FU-A with S and E
    [InlineData(new byte[] { 0x7C, 0x85 })] // FU-A without data
    [InlineData(new byte[] { 0x79, 0x00, 0x01, 0x65 })] // STAP-B (interleaved)
    [InlineData(new byte[] { 0x7D, 0x85, 0x00 })] // FU-B (interleaved)
    [InlineData(new byte[] { 0xE5, 0x88 })] // forbidden bit set
    [InlineData(new byte[] { 0x60 })] // type 0
    public void TryPush_MalformedPayload_RefusedAndCounted(byte[] payload)
    {
        var depacketizer = new H264Depacketizer();

        Assert.False(Push(depacketizer, 1, 3000, true, payload).Emitted);
        Assert.Equal(1, depacketizer.PacketsRefused);
    }

    [Fact]
    public void TryPush_TimestampChangesWithoutMarker_PreviousAccessUnitDiscarded()
    {
        var depacketizer = new H264Depacketizer();
        Assert.False(Push(depacketizer, 1, 3000, false, StapA(Sps, Pps, IdrBody)).Emitted);

        Assert.False(Push(depacketizer, 2, 6000, true, NonIdr).Emitted);

        Assert.Equal(0, depacketizer.FramesEmitted);
        Assert.True(depacketizer.NeedsKeyframe);
    }
}
