using System.Text;
using LiveServer.WebRtc.Rtcp;
using static LiveServer.WebRtc.Tests.Rtp.TestRtp;

namespace LiveServer.WebRtc.Tests.Rtcp;

public sealed class RtcpParsingTests
{
    // SR (one report block) + SDES (CNAME "abc") + BYE (one SSRC, reason "bye") as one compound packet.
    private const string CompoundHex =
        "81C8000C" + "11111111" + "E1234567" + "89ABCDEF" + "00001000" + "00000064" + "00002710"
        + "22222222" + "05000003" + "0001FFFF" + "00000020" + "12345678" + "00010000"
        + "81CA0003" + "11111111" + "0103616263" + "000000"
        + "81CB0002" + "11111111" + "03627965";

    [Fact]
    public void CompoundReader_SrSdesBye_ParsesEachPacket()
    {
        var reader = new RtcpCompoundReader(Hex(CompoundHex));

        Assert.True(reader.TryReadNext(out var first));
        Assert.True(SenderReport.TryParse(first, out var sr, out _));
        Assert.Equal(0x11111111u, sr.Ssrc);
        Assert.Equal(0xE123456789ABCDEFul, sr.NtpTimestamp);
        Assert.Equal(0x1000u, sr.RtpTimestamp);
        Assert.Equal(100u, sr.PacketCount);
        Assert.Equal(10000u, sr.OctetCount);
        Assert.Equal(1, sr.ReportCount);
        Assert.Equal(new ReportBlock(0x22222222, 5, 3, 0x0001FFFF, 0x20, 0x12345678, 0x10000), sr.GetReportBlock(0));

        Assert.True(reader.TryReadNext(out var second));
        Assert.True(SourceDescription.TryParse(second, out var sdes, out _));
        var items = sdes.GetItems();
        Assert.True(items.TryReadNext(out var ssrc, out var type, out var value));
        Assert.Equal((0x11111111u, SdesItemType.Cname, "abc"), (ssrc, type, Encoding.ASCII.GetString(value)));
        Assert.False(items.TryReadNext(out _, out _, out _));

        Assert.True(reader.TryReadNext(out var third));
        Assert.True(Goodbye.TryParse(third, out var bye, out _));
        Assert.Equal(1, bye.SourceCount);
        Assert.Equal(0x11111111u, bye.GetSsrc(0));
        Assert.Equal("bye", Encoding.ASCII.GetString(bye.Reason));

        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RtcpParseError.None, reader.Error);
    }

    [Fact]
    public void CompoundReader_LengthPastEnd_StopsWithErrorAfterGoodPackets()
    {
        var bytes = Hex("80C90001 11111111" + "81CD0009 11111111 22222222");
        var reader = new RtcpCompoundReader(bytes);

        Assert.True(reader.TryReadNext(out var rr));
        Assert.Equal(RtcpPacketType.ReceiverReport, rr.Type);
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RtcpParseError.BadLength, reader.Error);
    }

    [Theory]
    [InlineData("40C90001 11111111", RtcpParseError.BadVersion)]
    [InlineData("80C9", RtcpParseError.TooShort)]
    [InlineData("A0C90001 11111100", RtcpParseError.BadPadding)]
    [InlineData("A0C90001 11111105", RtcpParseError.BadPadding)]
    public void CompoundReader_MalformedHeader_ReportsReason(string hex, RtcpParseError expected)
    {
        var reader = new RtcpCompoundReader(Hex(hex));

        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(expected, reader.Error);
    }

    [Fact]
    public void ReceiverReport_CountLargerThanBody_Truncated()
    {
        var reader = new RtcpCompoundReader(Hex("81C90001 11111111"));
        Assert.True(reader.TryReadNext(out var packet));

        Assert.False(ReceiverReport.TryParse(packet, out _, out var error));
        Assert.Equal(RtcpParseError.Truncated, error);
    }

    [Fact]
    public void SourceDescription_ItemRunningPastChunk_Truncated()
    {
        var reader = new RtcpCompoundReader(Hex("81CA0002 11111111 01096162"));
        Assert.True(reader.TryReadNext(out var packet));

        Assert.False(SourceDescription.TryParse(packet, out _, out var error));
        Assert.Equal(RtcpParseError.Truncated, error);
    }

    [Fact]
    public void GenericNack_Rfc4585Entry_ExpandsPidAndBitmask()
    {
        // PID 1000, BLP 0b1000_0000_0000_0101: 1001, 1003 and 1016 are lost too.
        var reader = new RtcpCompoundReader(Hex("81CD0003 00000001 00000002 03E88005"));
        Assert.True(reader.TryReadNext(out var packet));
        Assert.True(GenericNack.TryParse(packet, out var nack, out _));
        Span<ushort> lost = stackalloc ushort[32];

        var count = nack.CopyLostSequenceNumbers(lost);

        Assert.Equal((1u, 2u), (nack.SenderSsrc, nack.MediaSsrc));
        Assert.Equal(((ushort)1000, (ushort)0x8005), nack.GetEntry(0));
        Assert.Equal([1000, 1001, 1003, 1016], lost[..count].ToArray());
    }

    [Fact]
    public void PliFirRemb_WrongFormatOrType_RefusedAsWrongType()
    {
        var reader = new RtcpCompoundReader(Hex("81CE0002 00000001 00000002"));
        Assert.True(reader.TryReadNext(out var pliPacket));

        Assert.True(PictureLossIndication.TryParse(pliPacket, out var pli, out _));
        Assert.Equal((1u, 2u), (pli.SenderSsrc, pli.MediaSsrc));
        Assert.False(FullIntraRequest.TryParse(pliPacket, out _, out var firError));
        Assert.Equal(RtcpParseError.WrongType, firError);
        Assert.False(GenericNack.TryParse(pliPacket, out _, out _));
        Assert.False(ReceiverEstimatedMaxBitrate.TryParse(pliPacket, out _, out _));
    }

    [Fact]
    public void Remb_ApplicationFeedbackWithoutIdentifier_NotRemb()
    {
        var reader = new RtcpCompoundReader(Hex("8FCE0004 00000001 00000000 41424344 00000000"));
        Assert.True(reader.TryReadNext(out var packet));

        Assert.False(ReceiverEstimatedMaxBitrate.TryParse(packet, out _, out var error));
        Assert.Equal(RtcpParseError.WrongType, error);
    }

    [Fact]
    public void Remb_HugeExponent_BitrateSaturates()
    {
        var reader = new RtcpCompoundReader(Hex("8FCE0004 00000001 00000000 52454D42 00FFFFFF"));
        Assert.True(reader.TryReadNext(out var packet));
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(packet, out var remb, out _));

        Assert.Equal(63, remb.Exponent);
        Assert.Equal(ReceiverEstimatedMaxBitrate.MaxMantissa, remb.Mantissa);
        Assert.Equal(ulong.MaxValue, remb.Bitrate);
    }

    [Fact]
    public void TransportCc_ReadAsPacketButNoTypedView()
    {
        var reader = new RtcpCompoundReader(Hex("8FCD0004 00000001 00000002 00010002 00000000"));

        Assert.True(reader.TryReadNext(out var packet));
        Assert.Equal(RtcpPacketType.TransportFeedback, packet.Type);
        Assert.Equal(15, packet.Count);
        Assert.False(GenericNack.TryParse(packet, out _, out _));
    }
}
