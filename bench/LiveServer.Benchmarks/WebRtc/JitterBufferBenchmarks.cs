using BenchmarkDotNet.Attributes;
using LiveServer.WebRtc.Rtp;

namespace LiveServer.Benchmarks.WebRtc;

/// <summary>
/// Insert and dequeue of 1200-byte RTP packets through the jitter buffer, in order (baseline) and
/// with 5 % of the packets arriving one place late (swapped with their successor). One operation is
/// one packet in and out.
/// </summary>
[MemoryDiagnoser]
public class JitterBufferBenchmarks
{
    private const int Packets = 1000;
    private readonly int[] _reordered = new int[Packets];
    private byte[][] _packets = null!;
    private JitterBuffer _buffer = null!;
    private ushort _base;

    [GlobalSetup]
    public void Setup()
    {
        _buffer = new JitterBuffer();
        _packets = new byte[Packets][];
        for (var i = 0; i < Packets; i++)
        {
            _packets[i] = RtpFrames.Packet(96, false, (uint)i * 90, new byte[1188]);
            _reordered[i] = i;
        }

        // Swap 50 pairs (5 % of packets late by one), spread over the batch.
        for (var i = 0; i < Packets - 1; i += 20)
        {
            (_reordered[i], _reordered[i + 1]) = (_reordered[i + 1], _reordered[i]);
        }

        if (InOrder() != Packets || Reordered() != Packets)
        {
            throw new InvalidOperationException("A packet was not released.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Packets)]
    [BytesPerOperation(1200)]
    public int InOrder()
    {
        var released = 0;
        var now = TimeSpan.Zero;
        for (var i = 0; i < Packets; i++)
        {
            var packet = _packets[i];
            RtpFrames.SetSequence(packet, (ushort)(_base + i));
            _ = RtpPacket.TryParse(packet, out var parsed);
            _buffer.Insert(parsed, now);
            while (_buffer.TryDequeue(now, out _))
            {
                released++;
            }
        }

        _base += Packets;
        return released;
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    [BytesPerOperation(1200)]
    public int Reordered()
    {
        var released = 0;
        var now = TimeSpan.Zero;
        for (var i = 0; i < Packets; i++)
        {
            var index = _reordered[i];
            var packet = _packets[index];
            RtpFrames.SetSequence(packet, (ushort)(_base + index));
            _ = RtpPacket.TryParse(packet, out var parsed);
            _buffer.Insert(parsed, now);
            while (_buffer.TryDequeue(now, out _))
            {
                released++;
            }
        }

        _base += Packets;
        return released;
    }
}
