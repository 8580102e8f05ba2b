using System.Text;
using LiveServer.WebRtc.Rtcp;
using static LiveServer.WebRtc.Tests.Rtp.TestRtp;

namespace LiveServer.WebRtc.Tests.Rtcp;

public sealed class RtcpWriterTests
{
    [Fact]
    public void ReceiverReport_OneBlock_ByteExact()
    {
        var block = new ReportBlock(0x22222222, 0x40, -2, 0x0002_0010, 0x11, 0xAABBCCDD, 0x00018000);
        var buffer = new byte[64];

        Assert.True(ReceiverReport.TryWrite(buffer, 0x11111111, [block], out var written));

        Assert.Equal(
            "81C90007" + "11111111" + "22222222" + "40FFFFFE" + "00020010" + "00000011" + "AABBCCDD" + "00018000",
            Convert.ToHexString(buffer, 0, written));
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, written));
        Assert.True(reader.TryReadNext(out var packet));
        Assert.True(ReceiverReport.TryParse(packet, out var rr, out _));
        Assert.Equal(block, rr.GetReportBlock(0));
    }

    [Fact]
    public void ReceiverReport_NoBlocks_EightBytes()
    {
        var buffer = new byte[8];

        Assert.True(ReceiverReport.TryWrite(buffer, 1, [], out var written));
        Assert.Equal("80C9000100000001", Convert.ToHexString(buffer, 0, written));
    }

    [Fact]
    public void ReceiverReport_DestinationTooSmall_WritesNothing()
    {
        var buffer = new byte[31];
        Assert.False(ReceiverReport.TryWrite(buffer, 1, [default], out var written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void GenericNack_SequenceList_PacksPidAndBlpPerRfc4585()
    {
        ushort[] lost = [100, 101, 103, 116, 117, 200];
        var buffer = new byte[64];

        Assert.True(GenericNack.TryWrite(buffer, 0x01020304, 0x05060708, lost, out var written));

        // 100 with 101 (bit 0), 103 (bit 2), 116 (bit 15); 117 starts a new entry; 200 another.
        Assert.Equal(
            "81CD0005" + "01020304" + "05060708" + "00648005" + "00750000" + "00C80000",
            Convert.ToHexString(buffer, 0, written));
        Assert.Equal(3, GenericNack.CountEntries(lost));
    }

    [Fact]
    public void GenericNack_AcrossWrap_OneEntry()
    {
        var buffer = new byte[16];

        Assert.True(GenericNack.TryWrite(buffer, 1, 2, [65535, 0, 1], out var written));
        Assert.Equal("81CD0003" + "00000001" + "00000002" + "FFFF0003", Convert.ToHexString(buffer, 0, written));
    }

    [Fact]
    public void GenericNack_RoundTrip_ReturnsSameSequenceNumbers()
    {
        var lost = Enumerable.Range(0, 60).Select(i => (ushort)(65500 + (i * 3))).ToArray();
        var buffer = new byte[256];
        Assert.True(GenericNack.TryWrite(buffer, 1, 2, lost, out var written));
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, written));
        Assert.True(reader.TryReadNext(out var packet));
        Assert.True(GenericNack.TryParse(packet, out var nack, out _));
        var back = new ushort[100];

        var count = nack.CopyLostSequenceNumbers(back);

        Assert.Equal(lost, back[..count]);
    }

    [Fact]
    public void GenericNack_EmptyList_Refused() =>
        Assert.False(GenericNack.TryWrite(new byte[64], 1, 2, [], out _));

    [Fact]
    public void PictureLossIndication_ByteExact()
    {
        var buffer = new byte[12];

        Assert.True(PictureLossIndication.TryWrite(buffer, 0x01020304, 0x0A0B0C0D, out var written));
        Assert.Equal("81CE0002" + "01020304" + "0A0B0C0D", Convert.ToHexString(buffer, 0, written));
    }

    [Fact]
    public void FullIntraRequest_ByteExactWithMediaSsrcInFci()
    {
        var buffer = new byte[20];

        Assert.True(FullIntraRequest.TryWrite(buffer, 0x01020304, 0x0A0B0C0D, 7, out var written));

        Assert.Equal("84CE0004" + "01020304" + "00000000" + "0A0B0C0D" + "07000000", Convert.ToHexString(buffer, 0, written));
        var reader = new RtcpCompoundReader(buffer);
        Assert.True(reader.TryReadNext(out var packet));
        Assert.True(FullIntraRequest.TryParse(packet, out var fir, out _));
        Assert.Equal((0x0A0B0C0Du, (byte)7), fir.GetEntry(0));
    }

    [Theory]
    [InlineData(0ul, 0, 0u)]
    [InlineData(262143ul, 0, 262143u)]
    [InlineData(262144ul, 1, 131072u)]
    [InlineData(1_000_000ul, 2, 250000u)]
    [InlineData(2_500_000ul, 4, 156250u)]
    public void Remb_Encode_SmallestExponentThatFits(ulong bitrate, int exponent, uint mantissa) =>
        Assert.Equal((exponent, mantissa), ReceiverEstimatedMaxBitrate.Encode(bitrate));

    [Fact]
    public void Remb_OneMegabit_ByteExact()
    {
        var buffer = new byte[24];

        Assert.True(ReceiverEstimatedMaxBitrate.TryWrite(buffer, 0x01020304, 1_000_000, [0x0A0B0C0D], out var written));

        // 1 SSRC, exponent 2, mantissa 250000 = 0x3D090 -> 0x0B D0 90.
        Assert.Equal("8FCE0005" + "01020304" + "00000000" + "52454D42" + "010BD090" + "0A0B0C0D", Convert.ToHexString(buffer, 0, written));
        var reader = new RtcpCompoundReader(buffer);
        Assert.True(reader.TryReadNext(out var packet));
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(packet, out var remb, out _));
        Assert.Equal(1_000_000ul, remb.Bitrate);
        Assert.Equal(0x0A0B0C0Du, remb.GetSsrc(0));
    }

    [Fact]
    public void SourceDescription_Cname_PaddedToWordAndParsesBack()
    {
        var buffer = new byte[32];

        Assert.True(SourceDescription.TryWriteCname(buffer, 0x11111111, "abcd"u8, out var written));

        Assert.Equal("81CA0003" + "11111111" + "0104" + "61626364" + "0000", Convert.ToHexString(buffer, 0, written));
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, written));
        Assert.True(reader.TryReadNext(out var packet));
        Assert.True(SourceDescription.TryParse(packet, out var sdes, out _));
        var items = sdes.GetItems();
        Assert.True(items.TryReadNext(out _, out var type, out var value));
        Assert.Equal((SdesItemType.Cname, "abcd"), (type, Encoding.ASCII.GetString(value)));
    }

    [Fact]
    public void Writers_ConcatenatedIntoCompound_ReaderSeesAll()
    {
        var buffer = new byte[256];
        var offset = 0;
        Assert.True(ReceiverReport.TryWrite(buffer, 1, [new ReportBlock(2, 0, 0, 0, 0, 0, 0)], out var n));
        offset += n;
        Assert.True(SourceDescription.TryWriteCname(buffer.AsSpan(offset), 1, "x"u8, out n));
        offset += n;
        Assert.True(GenericNack.TryWrite(buffer.AsSpan(offset), 1, 2, [5], out n));
        offset += n;
        Assert.True(PictureLossIndication.TryWrite(buffer.AsSpan(offset), 1, 2, out n));
        offset += n;
        Assert.True(ReceiverEstimatedMaxBitrate.TryWrite(buffer.AsSpan(offset), 1, 300_000, [2], out n));
        offset += n;

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, offset));
        var types = new List<(RtcpPacketType, int)>();
        while (reader.TryReadNext(out var packet))
        {
            types.Add((packet.Type, packet.Count));
        }

        Assert.Equal(RtcpParseError.None, reader.Error);
        Assert.Equal(
            [(RtcpPacketType.ReceiverReport, 1), (RtcpPacketType.SourceDescription, 1), (RtcpPacketType.TransportFeedback, 1), (RtcpPacketType.PayloadSpecificFeedback, 1), (RtcpPacketType.PayloadSpecificFeedback, 15)],
            types);
    }
}
