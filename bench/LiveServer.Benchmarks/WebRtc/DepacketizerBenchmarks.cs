using BenchmarkDotNet.Attributes;
using LiveServer.WebRtc.Depacketizers;
using LiveServer.WebRtc.Rtp;

namespace LiveServer.Benchmarks.WebRtc;

/// <summary>
/// Reassembly of an 11,000-byte video frame sent as 10 RTP packets of 1100 payload bytes, against
/// parsing the same packets only. One operation is one frame; sequence numbers advance every frame.
/// Each codec's class primes its depacketizer with a keyframe and picks the frame to repeat.
/// </summary>
[MemoryDiagnoser]
public abstract class DepacketizeBenchmarks
{
    private const int Frames = 16;
    private byte[][] _frame = null!;
    private IDepacketizer _depacketizer = null!;
    private ushort _sequence;

    [Benchmark(Baseline = true, OperationsPerInvoke = Frames)]
    [BytesPerOperation(RtpFrames.PacketsPerFrame * RtpFrames.PayloadPerPacket)]
    public int ParseOnly()
    {
        var bytes = 0;
        for (var f = 0; f < Frames; f++)
        {
            foreach (var packet in _frame)
            {
                RtpFrames.SetSequence(packet, _sequence++);
                _ = RtpPacket.TryParse(packet, out var parsed);
                bytes += parsed.Payload.Length;
            }
        }

        return bytes;
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    [BytesPerOperation(RtpFrames.PacketsPerFrame * RtpFrames.PayloadPerPacket)]
    public int Depacketize()
    {
        var bytes = 0;
        for (var f = 0; f < Frames; f++)
        {
            foreach (var packet in _frame)
            {
                RtpFrames.SetSequence(packet, _sequence++);
                _ = RtpPacket.TryParse(packet, out var parsed);
                if (_depacketizer.TryPush(parsed, out var frame))
                {
                    bytes += frame.Data.Length;
                }
            }
        }

        return bytes;
    }

    /// <summary>Pushes <paramref name="keyframe"/>'s packets, then sets the frame the benchmarks repeat.</summary>
    protected void Prepare(IDepacketizer depacketizer, byte[][] keyframe, byte[][] frame)
    {
        _depacketizer = depacketizer;
        foreach (var packet in keyframe)
        {
            RtpFrames.SetSequence(packet, _sequence++);
            _ = RtpPacket.TryParse(packet, out var parsed);
            _depacketizer.TryPush(parsed, out _);
        }

        if (_depacketizer.NeedsKeyframe)
        {
            throw new InvalidOperationException("The keyframe was not taken.");
        }

        _frame = frame;
        if (Depacketize() == 0)
        {
            throw new InvalidOperationException("A frame was not reassembled.");
        }
    }
}

/// <summary>VP8 (RFC 7741): one interframe as 10 packets.</summary>
public class Vp8DepacketizeBenchmarks : DepacketizeBenchmarks
{
    [GlobalSetup]
    public void Setup() => Prepare(new Vp8Depacketizer(), RtpFrames.Vp8Frame(keyframe: true), RtpFrames.Vp8Frame(keyframe: false));
}

/// <summary>H.264 (RFC 6184): one non-IDR slice as 10 FU-A fragments per frame.</summary>
public class H264FuADepacketizeBenchmarks : DepacketizeBenchmarks
{
    [GlobalSetup]
    public void Setup() => Prepare(new H264Depacketizer(), RtpFrames.H264Keyframe(), RtpFrames.H264FuAFrame());
}
