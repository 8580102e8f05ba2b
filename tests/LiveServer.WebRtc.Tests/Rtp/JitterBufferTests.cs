using LiveServer.WebRtc.Rtp;
using static LiveServer.WebRtc.Tests.Rtp.TestRtp;

namespace LiveServer.WebRtc.Tests.Rtp;

public sealed class JitterBufferTests
{
    private static JitterBufferInsertResult Insert(JitterBuffer buffer, ushort sequence, TimeSpan now)
    {
        var packet = Parse(Packet(sequence, payload: [(byte)sequence]));
        return buffer.Insert(packet, now);
    }

    private static List<(ushort Sequence, long Extended, int LostBefore, byte Payload)> Drain(JitterBuffer buffer, TimeSpan now)
    {
        var released = new List<(ushort, long, int, byte)>();
        while (buffer.TryDequeue(now, out var item))
        {
            released.Add((item.Packet.SequenceNumber, item.ExtendedSequenceNumber, item.LostBefore, item.Packet.Payload[0]));
        }

        return released;
    }

    [Fact]
    public void TryDequeue_ReorderedArrivals_ReleasedInSequenceOrder()
    {
        using var buffer = new JitterBuffer();
        Insert(buffer, 10, Ms(0));
        Assert.Equal([10], Drain(buffer, Ms(0)).Select(p => (int)p.Sequence));

        Insert(buffer, 13, Ms(1));
        Insert(buffer, 12, Ms(2));
        Assert.Empty(Drain(buffer, Ms(2)));
        Insert(buffer, 11, Ms(3));

        var released = Drain(buffer, Ms(3));

        Assert.Equal([11, 12, 13], released.Select(p => (int)p.Sequence));
        Assert.All(released, p => Assert.Equal(0, p.LostBefore));
        Assert.Equal([11, 12, 13], released.Select(p => (int)p.Payload));
    }

    [Fact]
    public void TryDequeue_SequenceWrapsWhileReordered_ExtendedNumbersKeepIncreasing()
    {
        using var buffer = new JitterBuffer();
        Insert(buffer, 65534, Ms(0));
        Insert(buffer, 0, Ms(1));
        Insert(buffer, 65535, Ms(2));
        Insert(buffer, 1, Ms(3));

        var released = Drain(buffer, Ms(3));

        Assert.Equal([65534, 65535, 0, 1], released.Select(p => (int)p.Sequence));
        Assert.Equal([65534L, 65535L, 65536L, 65537L], released.Select(p => p.Extended));
    }

    [Fact]
    public void TryDequeue_GapOlderThanMaxWait_SkipsAndReportsLoss()
    {
        using var buffer = new JitterBuffer(new JitterBufferOptions { MaxWait = Ms(150) });
        Insert(buffer, 1, Ms(0));
        Insert(buffer, 3, Ms(0));
        Insert(buffer, 4, Ms(5));

        Assert.Equal([1], Drain(buffer, Ms(0)).Select(p => (int)p.Sequence));
        Assert.Empty(Drain(buffer, Ms(149)));
        Assert.Equal(Ms(150), buffer.GetNextReleaseTime(Ms(149)));

        var released = Drain(buffer, Ms(150));

        Assert.Equal([(3, 1), (4, 0)], released.Select(p => ((int)p.Sequence, p.LostBefore)));
        Assert.Equal(1, buffer.PacketsLost);
        Assert.Equal(JitterBufferInsertResult.TooLate, Insert(buffer, 2, Ms(160)));
        Assert.Equal(1, buffer.LateDropped);
    }

    [Fact]
    public void Insert_SameSequenceTwice_SecondIsDuplicate()
    {
        using var buffer = new JitterBuffer();
        Insert(buffer, 7, Ms(0));
        Insert(buffer, 9, Ms(0));

        Assert.Equal(JitterBufferInsertResult.Duplicate, Insert(buffer, 9, Ms(1)));
        Assert.Equal(1, buffer.DuplicatesDropped);
        Assert.Equal(2, buffer.Count);
    }

    [Fact]
    public void Insert_LossBurstLongerThanCapacity_ConfirmedJumpDropsHeldAndCounts()
    {
        using var buffer = new JitterBuffer(new JitterBufferOptions { Capacity = 8 });
        Insert(buffer, 0, Ms(0));
        Drain(buffer, Ms(0));
        for (ushort seq = 2; seq <= 8; seq++)
        {
            Insert(buffer, seq, Ms(1));
        }

        Assert.Equal(JitterBufferInsertResult.Discontinuity, Insert(buffer, 20, Ms(2)));
        Assert.Equal(JitterBufferInsertResult.Accepted, Insert(buffer, 21, Ms(3)));

        Assert.Equal(7, buffer.OverflowDropped);
        Assert.Equal(1, buffer.Count);
        Assert.Equal([21], Drain(buffer, Ms(3)).Select(p => (int)p.Sequence));
    }

    [Fact]
    public void Insert_JustInsideCapacity_HeldBehindGap()
    {
        using var buffer = new JitterBuffer(new JitterBufferOptions { Capacity = 8 });
        Insert(buffer, 0, Ms(0));
        Drain(buffer, Ms(0));

        Assert.Equal(JitterBufferInsertResult.Accepted, Insert(buffer, 8, Ms(1)));
        Assert.Equal(JitterBufferInsertResult.Discontinuity, Insert(buffer, 9, Ms(1)));
        Assert.Equal([(8, 7)], Drain(buffer, Ms(200)).Select(p => ((int)p.Sequence, p.LostBefore)));
    }

    [Fact]
    public void Insert_LoneStrayFarAhead_DroppedAndStreamContinues()
    {
        using var buffer = new JitterBuffer();
        Insert(buffer, 100, Ms(0));

        Assert.Equal(JitterBufferInsertResult.Discontinuity, Insert(buffer, 40000, Ms(1)));
        Assert.Equal(JitterBufferInsertResult.Accepted, Insert(buffer, 101, Ms(2)));

        Assert.Equal([100, 101], Drain(buffer, Ms(2)).Select(p => (int)p.Sequence));
        Assert.Equal(1, buffer.DiscontinuityDropped);
    }

    [Fact]
    public void Insert_JumpConfirmedByNextPacket_Resynchronizes()
    {
        using var buffer = new JitterBuffer();
        Insert(buffer, 100, Ms(0));
        Insert(buffer, 102, Ms(0));

        Assert.Equal(JitterBufferInsertResult.Discontinuity, Insert(buffer, 20000, Ms(1)));
        Assert.Equal(JitterBufferInsertResult.Accepted, Insert(buffer, 20001, Ms(2)));
        Insert(buffer, 20002, Ms(3));

        Assert.Equal([20001, 20002], Drain(buffer, Ms(3)).Select(p => (int)p.Sequence));
        Assert.Equal(1, buffer.Resynchronizations);
        Assert.Equal(2, buffer.OverflowDropped);
    }

    [Fact]
    public void Insert_PacketLargerThanMax_Refused()
    {
        using var buffer = new JitterBuffer(new JitterBufferOptions { MaxPacketSize = 100 });
        var packet = Parse(Packet(1, payload: new byte[200]));

        Assert.Equal(JitterBufferInsertResult.TooLarge, buffer.Insert(packet, Ms(0)));
        Assert.Equal(1, buffer.OversizeDropped);
    }

    [Fact]
    public void Insert_GapFilledByRetransmission_NackStopsAndNothingIsLost()
    {
        var nack = new NackGenerator(new NackGeneratorOptions { ReorderDelay = Ms(10) });
        using var buffer = new JitterBuffer(nackGenerator: nack);
        Span<ushort> nacks = stackalloc ushort[16];
        Insert(buffer, 100, Ms(0));
        Insert(buffer, 102, Ms(1));

        var poll = nack.Poll(Ms(11), nacks);
        Assert.Equal(1, poll.NackCount);
        Assert.Equal(101, nacks[0]);

        Insert(buffer, 101, Ms(40));
        var released = Drain(buffer, Ms(40));

        Assert.Equal([100, 101, 102], released.Select(p => (int)p.Sequence));
        Assert.Equal(0, nack.PendingCount);
        Assert.Equal(1, nack.Recovered);
        Assert.False(nack.Poll(Ms(500), nacks).LossNotRepaired);
    }

    [Fact]
    public void Gap_NackedThenGivenUp_ReportsLossNotRepairedAndJitterBufferMovesOn()
    {
        var nack = new NackGenerator(new NackGeneratorOptions { ReorderDelay = Ms(10), MaxRetries = 2, Deadline = Ms(1000) });
        nack.RoundTripTime = Ms(30);
        using var buffer = new JitterBuffer(new JitterBufferOptions { MaxWait = Ms(150) }, nack);
        Span<ushort> nacks = stackalloc ushort[16];
        Insert(buffer, 1, Ms(0));
        Insert(buffer, 3, Ms(0));

        Assert.Equal(new NackPollResult(0, 0), nack.Poll(Ms(5), nacks));
        Assert.Equal(new NackPollResult(1, 0), nack.Poll(Ms(10), nacks));
        Assert.Equal(new NackPollResult(0, 0), nack.Poll(Ms(30), nacks));
        Assert.Equal(new NackPollResult(1, 0), nack.Poll(Ms(40), nacks));
        var given = nack.Poll(Ms(70), nacks);

        Assert.Equal(new NackPollResult(0, 1), given);
        Assert.True(given.LossNotRepaired);
        Assert.Equal(2, nack.NacksRequested);
        var released = Drain(buffer, Ms(150));
        Assert.Equal([(1, 0), (3, 1)], released.Select(p => ((int)p.Sequence, p.LostBefore)));
    }

    [Fact]
    public void TryDequeue_GapTimesOutBeforeNackDeadline_NackGeneratorReportsUnrepaired()
    {
        var nack = new NackGenerator(new NackGeneratorOptions { Deadline = Ms(1000), MaxRetries = 10 });
        using var buffer = new JitterBuffer(new JitterBufferOptions { MaxWait = Ms(150) }, nack);
        Insert(buffer, 1, Ms(0));
        Insert(buffer, 4, Ms(0));
        Drain(buffer, Ms(150));

        Assert.Equal(0, nack.PendingCount);
        Assert.Equal(2, nack.Poll(Ms(151), stackalloc ushort[4]).GivenUp);
    }

    [Fact]
    public void InsertAndDequeue_SteadyState_DoesNotAllocate()
    {
        using var buffer = new JitterBuffer();
        // Pairs swapped (reordering) and crossing the 16-bit wrap.
        var packets = Enumerable.Range(0, 1024).Select(i => Packet((ushort)(65000 + (i ^ 1)), payload: new byte[1000])).ToArray();
        var released = 0;
        void Run()
        {
            for (var i = 0; i < packets.Length; i++)
            {
                _ = RtpPacket.TryParse(packets[i], out var packet);
                buffer.Insert(packet, Ms(i));
                while (buffer.TryDequeue(Ms(i), out _))
                {
                    released++;
                }
            }
        }

        Run();
        buffer.Reset();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(2 * 1023, released); // the first packet of each run is 65001, so 65000 arrives late
    }
}
