using LiveServer.WebRtc.Rtp;

namespace LiveServer.WebRtc.Tests.Rtp;

public sealed class RtpPacketTests
{
    [Fact]
    public void TryParse_FixedHeader_ReadsEveryField()
    {
        var bytes = TestRtp.Hex("80E0 1234 00005678 DEADBEEF 010203");

        Assert.True(RtpPacket.TryParse(bytes, out var packet));

        Assert.Equal(2, packet.Version);
        Assert.False(packet.HasPadding);
        Assert.False(packet.HasExtension);
        Assert.Equal(0, packet.CsrcCount);
        Assert.True(packet.Marker);
        Assert.Equal(96, packet.PayloadType);
        Assert.Equal(0x1234, packet.SequenceNumber);
        Assert.Equal(0x5678u, packet.Timestamp);
        Assert.Equal(0xDEADBEEFu, packet.Ssrc);
        Assert.Equal(12, packet.HeaderLength);
        Assert.Equal([1, 2, 3], packet.Payload.ToArray());
    }

    [Fact]
    public void TryParse_CsrcList_ReadsCsrcsAndSkipsThem()
    {
        var bytes = TestRtp.Hex("8260 0001 00000002 00000003 0000000A 0000000B FF");

        var packet = TestRtp.Parse(bytes);

        Assert.Equal(2, packet.CsrcCount);
        Assert.False(packet.Marker);
        Assert.Equal(10u, packet.GetCsrc(0));
        Assert.Equal(11u, packet.GetCsrc(1));
        Assert.Equal([0xFF], packet.Payload.ToArray());
    }

    [Fact]
    public void TryParse_Padding_RemovedFromPayload()
    {
        var bytes = TestRtp.Hex("A060 0001 00000002 00000003 AABB 000003");

        var packet = TestRtp.Parse(bytes);

        Assert.True(packet.HasPadding);
        Assert.Equal(3, packet.PaddingLength);
        Assert.Equal([0xAA, 0xBB], packet.Payload.ToArray());
    }

    [Fact]
    public void TryGetAudioLevel_OneByteExtension_ReadsLevelAndVoiceFlag()
    {
        // X=1; profile BEDE, length 1 word: id 1 L=0 value 0x85 (V=1, level 5), id 3 L=1 value 0102, one padding byte... in 2 words.
        var bytes = TestRtp.Hex("9060 0001 00000002 00000003 BEDE0002 1085 310102 000000 CAFE");

        var packet = TestRtp.Parse(bytes);

        Assert.Equal(RtpPacket.OneByteExtensionProfile, packet.ExtensionProfile);
        Assert.True(packet.TryGetAudioLevel(1, out var level));
        Assert.Equal(new AudioLevel(5, true), level);
        Assert.True(packet.TryGetExtension(3, out var data));
        Assert.Equal([1, 2], data.ToArray());
        Assert.False(packet.TryGetExtension(2, out _));
        Assert.Equal([0xCA, 0xFE], packet.Payload.ToArray());
    }

    [Fact]
    public void TryGetExtension_TwoByteForm_ReadsElementsIncludingEmptyOne()
    {
        // Profile 0x1000; id 5 len 2 (0A0B), padding 00, id 6 len 0, then padding to 8 bytes.
        var bytes = TestRtp.Hex("9060 0001 00000002 00000003 10000002 05020A0B 00060000 99");

        var packet = TestRtp.Parse(bytes);

        Assert.True(packet.TryGetExtension(5, out var five));
        Assert.Equal([0x0A, 0x0B], five.ToArray());
        Assert.True(packet.TryGetExtension(6, out var six));
        Assert.True(six.IsEmpty);
        Assert.Equal([0x99], packet.Payload.ToArray());
    }

    [Fact]
    public void TryGetExtension_OneByteIdFifteen_StopsProcessing()
    {
        var bytes = TestRtp.Hex("9060 0001 00000002 00000003 BEDE0001 F0102200 99");

        var packet = TestRtp.Parse(bytes);

        Assert.False(packet.TryGetExtension(1, out _));
        Assert.False(packet.TryGetExtension(2, out _));
    }

    [Fact]
    public void TryGetExtension_ElementOverrunningBlock_ReturnsFalse()
    {
        var bytes = TestRtp.Hex("9060 0001 00000002 00000003 BEDE0001 1F000000 99");

        var packet = TestRtp.Parse(bytes);

        Assert.False(packet.TryGetExtension(1, out _));
    }

    [Theory]
    [InlineData("80E0 1234 00005678 DEADBE", RtpParseError.TooShort)]
    [InlineData("40E0 1234 00005678 DEADBEEF", RtpParseError.BadVersion)]
    [InlineData("81E0 1234 00005678 DEADBEEF 0000", RtpParseError.TruncatedCsrcList)]
    [InlineData("90E0 1234 00005678 DEADBEEF BEDE", RtpParseError.TruncatedExtension)]
    [InlineData("90E0 1234 00005678 DEADBEEF BEDE0002 00000000", RtpParseError.TruncatedExtension)]
    [InlineData("A0E0 1234 00005678 DEADBEEF 0100", RtpParseError.BadPadding)]
    [InlineData("A0E0 1234 00005678 DEADBEEF 0103", RtpParseError.BadPadding)]
    public void TryParse_MalformedPacket_RefusedWithReason(string hex, RtpParseError expected)
    {
        Assert.False(RtpPacket.TryParse(TestRtp.Hex(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData(0x00, false)]
    [InlineData(0x03, false)]
    [InlineData(0x16, false)]
    [InlineData(0x40, false)]
    [InlineData(0x80, true)]
    [InlineData(0xBF, true)]
    [InlineData(0xC0, false)]
    public void IsRtpOrRtcp_FirstByte_FollowsRfc7983(byte first, bool expected) =>
        Assert.Equal(expected, RtpDemux.IsRtpOrRtcp(first));

    [Theory]
    [InlineData("80C8000600000001", true)] // SR
    [InlineData("81CD000200000001", true)] // RTPFB
    [InlineData("80DF000000000000", true)] // 223: top of the RTCP range
    [InlineData("80E0123400005678DEADBEEF", false)] // RTP PT 96 with marker: 224
    [InlineData("8060123400005678DEADBEEF", false)] // RTP PT 96
    public void IsRtcp_SecondByte_SeparatesRtcpFromRtp(string hex, bool expected)
    {
        var bytes = TestRtp.Hex(hex);
        Assert.Equal(expected, RtpDemux.IsRtcp(bytes));
        Assert.Equal(!expected && bytes.Length >= 12, RtpDemux.IsRtp(bytes));
    }
}
