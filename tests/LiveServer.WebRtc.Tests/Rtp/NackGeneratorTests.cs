using LiveServer.WebRtc.Rtp;
using static LiveServer.WebRtc.Tests.Rtp.TestRtp;

namespace LiveServer.WebRtc.Tests.Rtp;

public sealed class NackGeneratorTests
{
    [Fact]
    public void Poll_SeveralMissing_RequestsOldestFirstAcrossWrap()
    {
        var nack = new NackGenerator(new NackGeneratorOptions { ReorderDelay = TimeSpan.Zero });
        nack.OnPacket(65533, Ms(0));
        nack.OnPacket(65537, Ms(0));
        Span<ushort> nacks = stackalloc ushort[8];

        var result = nack.Poll(Ms(0), nacks);

        Assert.Equal(3, result.NackCount);
        Assert.Equal([65534, 65535, 0], nacks[..3].ToArray());
    }

    [Fact]
    public void Poll_DestinationFull_RemainingWaitForNextPoll()
    {
        var nack = new NackGenerator(new NackGeneratorOptions { ReorderDelay = TimeSpan.Zero });
        nack.OnPacket(0, Ms(0));
        nack.OnPacket(5, Ms(0));
        Span<ushort> two = stackalloc ushort[2];

        Assert.Equal(2, nack.Poll(Ms(0), two).NackCount);
        Assert.Equal([1, 2], two.ToArray());
        Assert.Equal(2, nack.Poll(Ms(1), two).NackCount);
        Assert.Equal([3, 4], two.ToArray());
    }

    [Fact]
    public void Poll_PastDeadline_GivesUpWithoutRequesting()
    {
        var nack = new NackGenerator(new NackGeneratorOptions { Deadline = Ms(150) });
        nack.OnPacket(0, Ms(0));
        nack.OnPacket(2, Ms(0));

        var result = nack.Poll(Ms(150), stackalloc ushort[4]);

        Assert.Equal(new NackPollResult(0, 1), result);
        Assert.Equal(1, nack.GivenUp);
        Assert.Equal(0, nack.PendingCount);
    }

    [Fact]
    public void OnPacket_JumpBeyondMaxPending_GivesUpTheExcessAtOnce()
    {
        var nack = new NackGenerator(new NackGeneratorOptions { MaxPending = 4 });
        nack.OnPacket(0, Ms(0));
        nack.OnPacket(11, Ms(0));

        Assert.Equal(4, nack.PendingCount);
        Assert.Equal(6, nack.Poll(Ms(0), stackalloc ushort[4]).GivenUp);
    }

    [Fact]
    public void OnPacket_OldPacketNotMissing_Ignored()
    {
        var nack = new NackGenerator();
        nack.OnPacket(10, Ms(0));
        nack.OnPacket(12, Ms(0));
        nack.OnPacket(9, Ms(1));

        Assert.Equal(1, nack.PendingCount);
        Assert.Equal(0, nack.Recovered);
    }
}
