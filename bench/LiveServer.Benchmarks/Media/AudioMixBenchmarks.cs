using BenchmarkDotNet.Attributes;
using LiveServer.Media.Audio;

namespace LiveServer.Benchmarks.Media;

/// <summary>
/// One 20 ms chunk (960 stereo frames at 48 kHz) mixed from 4 or 16 participants. The mixer side
/// includes writing each participant's chunk into its PcmJitterBuffer (what the decoders do), so
/// the buffers stay at a steady level; the baseline sums the same samples in a plain loop with a clamp.
/// </summary>
[MemoryDiagnoser]
public class AudioMixBenchmarks
{
    private const int ChunkSamples = 960 * 2;
    private readonly AudioMixer _mixer = new();
    private readonly short[] _output = new short[ChunkSamples];
    private readonly int[] _sum = new int[ChunkSamples];
    private PcmJitterBuffer[] _inputs = null!;
    private short[][] _chunks = null!;

    [Params(4, 16)]
    public int Participants { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(4);
        _inputs = new PcmJitterBuffer[Participants];
        _chunks = new short[Participants][];
        for (var p = 0; p < Participants; p++)
        {
            _chunks[p] = new short[ChunkSamples];
            for (var i = 0; i < ChunkSamples; i++)
            {
                _chunks[p][i] = (short)random.Next(-2000, 2000);
            }

            _inputs[p] = new PcmJitterBuffer();
            for (var c = 0; c < 4; c++)
            {
                _inputs[p].Write(_chunks[p]);
            }
        }
    }

    [Benchmark(Baseline = true)]
    public short PlainSum()
    {
        var sum = _sum.AsSpan();
        sum.Clear();
        foreach (var chunk in _chunks)
        {
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += chunk[i];
            }
        }

        for (var i = 0; i < sum.Length; i++)
        {
            _output[i] = (short)Math.Clamp(sum[i], short.MinValue, short.MaxValue);
        }

        return _output[0];
    }

    [Benchmark]
    public short WriteAndMix()
    {
        for (var p = 0; p < _inputs.Length; p++)
        {
            _inputs[p].Write(_chunks[p]);
        }

        _mixer.Mix(_inputs, _output);
        return _output[0];
    }
}
