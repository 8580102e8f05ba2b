using LiveServer.Media.Audio;

namespace LiveServer.Media.Tests.Audio;

public sealed class AudioMixerTests
{
    /// <summary>Interleaved samples in 20 ms of 48 kHz stereo.</summary>
    private const int ChunkSamples = 960 * 2;

    private static short[] Signal(Func<int, int> sample)
    {
        var samples = new short[ChunkSamples];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)sample(i);
        }

        return samples;
    }

    private static short[] Sine(double amplitude, double hz, int offset = 0) =>
        Signal(i => (int)Math.Round(amplitude * Math.Sin(2 * Math.PI * hz * ((i / 2) + offset) / 48_000.0)));

    private static PcmJitterBuffer Primed(short[] chunk)
    {
        var buffer = new PcmJitterBuffer();
        for (var written = 0; written < PcmJitterBuffer.PrimeSamples * 2; written += chunk.Length)
        {
            buffer.Write(chunk);
        }

        return buffer;
    }

    private static short[] Mix(AudioMixer mixer, params PcmJitterBuffer[] inputs)
    {
        var output = new short[ChunkSamples];
        mixer.Mix(inputs, output);
        return output;
    }

    [Fact]
    public void Mix_NoInputs_Silence()
    {
        var output = Mix(new AudioMixer());

        Assert.All(output, s => Assert.Equal(0, s));
    }

    [Fact]
    public void Mix_TwoQuietInputs_ExactSum()
    {
        var a = Signal(i => ((i * 37) % 2000) - 1000);
        var b = Sine(8000, 440);
        var mixer = new AudioMixer();

        var output = Mix(mixer, Primed(a), Primed(b));

        Assert.Equal(a.Zip(b, (x, y) => (short)(x + y)), output);
        Assert.Equal(1f, mixer.Gain);
    }

    [Fact]
    public void Mix_InputsSummingToFullScale_NoReduction()
    {
        var mixer = new AudioMixer();

        var output = Mix(mixer, Primed(Signal(_ => 16_000)), Primed(Signal(_ => 16_767)));

        Assert.All(output, s => Assert.Equal(short.MaxValue, s));
        Assert.Equal(1f, mixer.Gain);
    }

    [Fact]
    public void Mix_LoudInputs_NoWrapAndNoClip()
    {
        var a = Sine(30_000, 440);
        var b = Sine(30_000, 440);
        var mixer = new AudioMixer();

        var output = Mix(mixer, Primed(a), Primed(b));

        for (var i = 0; i < output.Length; i++)
        {
            var sum = a[i] + b[i];
            Assert.True((long)output[i] * sum >= 0, $"sample {i}: sum {sum} became {output[i]}");
            Assert.True(Math.Abs((int)output[i]) <= Math.Abs(sum), $"sample {i}: {output[i]} louder than {sum}");
        }

        Assert.True(mixer.Gain < 1f);
        Assert.InRange(output.Max(s => Math.Abs((int)s)), 32_000, short.MaxValue);
        Assert.DoesNotContain(output, s => s == short.MinValue);
    }

    [Fact]
    public void Mix_LoudNegativeInputs_StayNegative()
    {
        var mixer = new AudioMixer();

        var output = Mix(mixer, Primed(Signal(_ => short.MinValue)), Primed(Signal(_ => -30_000)), Primed(Signal(_ => -20_000)));

        Assert.All(output, s => Assert.InRange(s, short.MinValue, -30_000));
    }

    [Fact]
    public void Mix_AfterLoudPart_GainRecoversTowardOne()
    {
        var mixer = new AudioMixer();
        var loud = Sine(30_000, 440);
        var quiet = Signal(_ => 1000);
        var a = Primed(loud);
        var b = Primed(loud);
        Mix(mixer, a, b);
        var loudGain = mixer.Gain;
        var gains = new List<float>();
        var last = Array.Empty<short>();

        for (var chunk = 0; chunk < 40; chunk++)
        {
            a.Write(chunk == 0 ? loud : quiet);
            b.Write(chunk == 0 ? loud : quiet);
            last = Mix(mixer, a, b);
            gains.Add(mixer.Gain);
        }

        Assert.True(loudGain < 0.7f, $"gain after loud chunk is {loudGain}");
        Assert.All(gains.Skip(3).Zip(gains.Skip(4)), pair => Assert.True(pair.Second >= pair.First, $"gain fell from {pair.First} to {pair.Second}"));
        Assert.True(gains[4] > loudGain);
        Assert.Equal(1f, gains[^1]);
        Assert.All(last, s => Assert.Equal(2000, s));
    }

    [Fact]
    public void Mix_ReleaseAfterLoudPart_NoSampleClipped()
    {
        var mixer = new AudioMixer();
        var a = Primed(Sine(30_000, 440));
        var b = Primed(Sine(30_000, 440));
        Mix(mixer, a, b);
        var slightlyQuieter = Sine(29_500, 440, offset: 960);
        a.Write(slightlyQuieter);
        b.Write(slightlyQuieter);

        var output = Mix(mixer, a, b);

        var clipped = Enumerable.Range(2, output.Length - 2)
            .Count(i => output[i] == short.MaxValue && output[i - 2] == short.MaxValue);
        Assert.Equal(0, clipped);
    }
}
