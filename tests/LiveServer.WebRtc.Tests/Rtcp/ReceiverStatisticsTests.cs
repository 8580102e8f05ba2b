using LiveServer.WebRtc.Rtcp;
using static LiveServer.WebRtc.Tests.Rtp.TestRtp;

namespace LiveServer.WebRtc.Tests.Rtcp;

public sealed class ReceiverStatisticsTests
{
    [Fact]
    public void CreateReportBlock_TwoLostOfTen_FractionAndCumulativePerA3()
    {
        var stats = new ReceiverStatistics(0xABCD, 90000);
        foreach (var seq in new ushort[] { 100, 101, 102, 104, 105, 106, 108, 109 })
        {
            stats.OnPacket(seq, 0, Ms(seq));
        }

        var block = stats.CreateReportBlock(Ms(200));

        Assert.Equal(0xABCDu, block.Ssrc);
        Assert.Equal(2, block.CumulativeLost);
        Assert.Equal((byte)(2 * 256 / 10), block.FractionLost);
        Assert.Equal(109u, block.ExtendedHighestSequenceNumber);

        // Next interval: nothing lost, the cumulative count stays.
        stats.OnPacket(110, 0, Ms(210));
        var next = stats.CreateReportBlock(Ms(300));
        Assert.Equal(0, next.FractionLost);
        Assert.Equal(2, next.CumulativeLost);
    }

    [Fact]
    public void OnPacket_SequenceWraps_ExtendedHighestCountsCycles()
    {
        var stats = new ReceiverStatistics(1, 48000);
        stats.OnPacket(65534, 0, Ms(0));
        stats.OnPacket(65535, 960, Ms(20));
        stats.OnPacket(0, 1920, Ms(40));
        stats.OnPacket(1, 2880, Ms(60));

        Assert.Equal(0x0001_0001u, stats.ExtendedHighestSequenceNumber);
        Assert.Equal(0, stats.CumulativeLost);
    }

    [Fact]
    public void OnPacket_DuplicatesAndReordering_CanMakeLossNegative()
    {
        var stats = new ReceiverStatistics(1, 48000);
        stats.OnPacket(10, 0, Ms(0));
        stats.OnPacket(11, 0, Ms(1));
        stats.OnPacket(11, 0, Ms(2));

        Assert.Equal(-1, stats.CreateReportBlock(Ms(3)).CumulativeLost);
    }

    [Fact]
    public void OnPacket_LargeJump_AcceptedOnlyWhenConfirmedBySecondPacket()
    {
        var stats = new ReceiverStatistics(1, 90000);
        stats.OnPacket(100, 0, Ms(0));

        Assert.False(stats.OnPacket(30000, 0, Ms(1)));
        Assert.True(stats.OnPacket(30001, 0, Ms(2)));
        Assert.Equal(30001u, stats.ExtendedHighestSequenceNumber);
        Assert.Equal(1, stats.PacketsReceived);
    }

    [Fact]
    public void Jitter_ConstantTransit_StaysZero()
    {
        var stats = new ReceiverStatistics(1, 90000);
        for (ushort i = 0; i < 50; i++)
        {
            stats.OnPacket(i, (uint)(i * 3000), Ms(i * 1000 / 30.0));
        }

        Assert.Equal(0u, stats.Jitter);
    }

    [Fact]
    public void Jitter_AlternatingTenMillisecondSkew_ConvergesTowardSkewPerA8()
    {
        var stats = new ReceiverStatistics(1, 90000);
        for (ushort i = 0; i < 2000; i++)
        {
            // Every other packet arrives 10 ms (900 units) late: |D| = 900 on every packet.
            var late = i % 2 == 1 ? 10 : 0;
            stats.OnPacket(i, (uint)(i * 3000), Ms((i * 1000 / 30.0) + late));
        }

        Assert.InRange(stats.Jitter, 890u, 900u);
    }

    [Fact]
    public void CreateReportBlock_AfterSenderReport_LsrMiddleBitsAndDlsrInUnitsOf65536()
    {
        var stats = new ReceiverStatistics(1, 90000);
        stats.OnPacket(1, 0, Ms(0));
        stats.OnSenderReport(0x0123_4567_89AB_CDEF, TimeSpan.FromSeconds(10));

        var block = stats.CreateReportBlock(TimeSpan.FromSeconds(10.5));

        Assert.Equal(0x456789ABu, block.LastSenderReport);
        Assert.Equal(32768u, block.DelaySinceLastSenderReport);
    }

    [Fact]
    public void CreateReportBlock_NoSenderReport_LsrAndDlsrZero()
    {
        var stats = new ReceiverStatistics(1, 90000);
        stats.OnPacket(1, 0, Ms(0));

        var block = stats.CreateReportBlock(TimeSpan.FromSeconds(5));

        Assert.Equal((0u, 0u), (block.LastSenderReport, block.DelaySinceLastSenderReport));
    }
}
