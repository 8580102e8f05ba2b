using LiveServer.WebRtc.Depacketizers;
using LiveServer.WebRtc.Rtp;
using static LiveServer.WebRtc.Tests.Rtp.TestRtp;

namespace LiveServer.WebRtc.Tests.Depacketizers;

/// <summary>Jitter buffer, NACK generator and depacketizer wired as the RTP receiver will wire them.</summary>
public sealed class ReceivePipelineTests
{
    private static readonly byte[] Keyframe = [0x10, 0x50, 0x2A, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01];
    private static readonly byte[] DeltaStart = [0x10, 0x31, 0x05, 0x00];
    private static readonly byte[] Continuation = [0x00, 0xAA, 0xBB];

    [Fact]
    public void LostPacketNeverRetransmitted_NackGivesUp_FrameDroppedAndKeyframeRequested()
    {
        var nack = new NackGenerator(new NackGeneratorOptions { ReorderDelay = Ms(5), MaxRetries = 2, Deadline = Ms(120) });
        nack.RoundTripTime = Ms(40);
        using var buffer = new JitterBuffer(new JitterBufferOptions { MaxWait = Ms(150) }, nack);
        var depacketizer = new Vp8Depacketizer();
        var frames = new List<(uint Timestamp, bool Key)>();
        var nacked = new List<ushort>();
        var pliRequests = 0;
        var nacks = new ushort[32];

        void Tick(TimeSpan now)
        {
            while (buffer.TryDequeue(now, out var released))
            {
                if (depacketizer.TryPush(released.Packet, out var frame))
                {
                    frames.Add((frame.RtpTimestamp, frame.IsKeyframe));
                }
            }

            var poll = nack.Poll(now, nacks);
            nacked.AddRange(nacks[..poll.NackCount]);
            pliRequests += poll.LossNotRepaired || depacketizer.NeedsKeyframe ? 1 : 0;
        }

        void Arrive(ushort seq, uint ts, bool marker, byte[] payload, TimeSpan now)
        {
            buffer.Insert(Parse(Packet(seq, ts, marker, payload: payload)), now);
            Tick(now);
        }

        Arrive(1, 0, true, Keyframe, Ms(0));
        Assert.Equal([(0u, true)], frames);
        pliRequests = 0;

        // Frame at 3000 spans 2..4; 3 is lost and never comes back. Frame at 6000 is complete.
        Arrive(2, 3000, false, DeltaStart, Ms(33));
        Arrive(4, 3000, true, Continuation, Ms(34));
        Arrive(5, 6000, true, DeltaStart, Ms(66));
        for (var t = 40; t <= 300; t += 10)
        {
            Tick(Ms(t));
        }

        Assert.Equal([3, 3], nacked.Select(s => (int)s));
        Assert.Equal(1, buffer.PacketsLost);
        Assert.True(depacketizer.NeedsKeyframe);
        Assert.True(pliRequests > 0);
        Assert.Equal([(0u, true)], frames);

        Arrive(6, 9000, true, Keyframe, Ms(310));
        Assert.Equal([(0u, true), (9000u, true)], frames);
        Assert.False(depacketizer.NeedsKeyframe);
    }

    [Fact]
    public void SteadyStreams_JitterBufferAndDepacketizers_DoNotAllocatePerPacket()
    {
        IDepacketizer[] depacketizers = [new Vp8Depacketizer(), new H264Depacketizer(), new OpusDepacketizer()];
        var buffers = depacketizers.Select(_ => new JitterBuffer()).ToArray();
        byte[] stapA = [0x78, 0, 5, 0x67, 0x42, 0xE0, 0x1F, 0xDA, 0, 4, 0x68, 0xCE, 0x3C, 0x80, 0x03, 0x85, 0x65, .. new byte[900]];
        var packets = new List<(byte[] Bytes, int Stream)>();
        for (var i = 0; i < 300; i++)
        {
            var stream = i % 3;
            var n = i / 3;
            var payload = stream switch
            {
                0 => n % 30 == 0 ? Keyframe : [.. DeltaStart, .. new byte[800]],
                1 => n % 30 == 0 ? stapA : [0x41, .. new byte[700]],
                _ => new byte[120],
            };
            packets.Add((Packet((ushort)(65500 + n), (uint)(n * 3000), true, payload: payload), stream));
        }

        var frames = 0;
        void Run()
        {
            for (var i = 0; i < packets.Count; i++)
            {
                var (bytes, stream) = packets[i];
                _ = RtpPacket.TryParse(bytes, out var packet);
                buffers[stream].Insert(packet, Ms(i));
                while (buffers[stream].TryDequeue(Ms(i), out var released))
                {
                    frames += depacketizers[stream].TryPush(released.Packet, out _) ? 1 : 0;
                }
            }
        }

        Run();
        foreach (var stream in Enumerable.Range(0, 3))
        {
            buffers[stream].Reset();
            depacketizers[stream].Reset();
        }

        frames = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(300, frames);
        Assert.All(buffers, b => b.Dispose());
    }
}
