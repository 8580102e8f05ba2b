using BenchmarkDotNet.Attributes;
using LiveServer.WebRtc.Depacketizers;
using LiveServer.WebRtc.Rtp;

namespace LiveServer.Benchmarks.WebRtc;

/// <summary>
/// Reassembly of an 11,000-byte video frame sent as 10 RTP packets of 1100 payload bytes, against
/// parsing the same packets only. One operation is one frame; sequence numbers advance every frame.
/// </summary>
[MemoryDiagnoser]
public class Vp8DepacketizeBenchmarks
{
    private const int Frames = 16;
    private byte[][] _frame = null!;
    private Vp8Depacketizer _depacketizer = null!;
    private ushort _sequence;

    [GlobalSetup]
    public void Setup()
    {
        _depacketizer = new Vp8Depacketizer();
        foreach (var packet in RtpFrames.Vp8Frame(keyframe: true))
        {
            RtpFrames.SetSequence(packet, _sequence++);
            _ = RtpPacket.TryParse(packet, out var parsed);
            _depacketizer.TryPush(parsed, out _);
        }

        _frame = RtpFrames.Vp8Frame(keyframe: false);
        if (Depacketize() != Frames * RtpFrames.PacketsPerFrame * (RtpFrames.PayloadPerPacket - 1))
        {
            throw new InvalidOperationException("A frame was not reassembled.");
        }
    }

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
}

/// <summary>The same for H.264: one non-IDR slice as 10 FU-A fragments per frame.</summary>
[MemoryDiagnoser]
public class H264FuADepacketizeBenchmarks
{
    private const int Frames = 16;
    private byte[][] _frame = null!;
    private H264Depacketizer _depacketizer = null!;
    private ushort _sequence;

    [GlobalSetup]
    public void Setup()
    {
        _depacketizer = new H264Depacketizer();
        foreach (var packet in RtpFrames.H264Keyframe())
        {
            RtpFrames.SetSequence(packet, _sequence++);
            _ = RtpPacket.TryParse(packet, out var parsed);
            _depacketizer.TryPush(parsed, out _);
        }

        if (_depacketizer.NeedsKeyframe)
        {
            throw new InvalidOperationException("The keyframe was not taken.");
        }

        _frame = RtpFrames.H264FuAFrame();
        if (Depacketize() == 0)
        {
            throw new InvalidOperationException("A frame was not reassembled.");
        }
    }

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
}
