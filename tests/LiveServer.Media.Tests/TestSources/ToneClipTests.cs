using Concentus;
using LiveServer.Media.TestSources;

namespace LiveServer.Media.Tests.TestSources;

public sealed class ToneClipTests
{
    /// <summary>Decoder start-up (pre-skip and settling) left out of the measurements.</summary>
    private const int SettleSamples = 4_800;

    private static short[] Decode(ToneClip clip)
    {
        var decoder = OpusCodecFactory.CreateDecoder(48_000, 1);
        var pcm = new short[ToneClip.SamplesPerPacket * clip.Packets.Count];
        var offset = 0;
        foreach (var packet in clip.Packets)
        {
            var samples = decoder.Decode(packet, pcm.AsSpan(offset), ToneClip.SamplesPerPacket, false);
            Assert.Equal(ToneClip.SamplesPerPacket, samples);
            offset += samples;
        }

        return pcm;
    }

    /// <summary>The frequency from the first and last rising zero crossings, interpolated between samples.</summary>
    private static double DominantFrequency(ReadOnlySpan<short> pcm)
    {
        double? first = null;
        double last = 0;
        var crossings = 0;
        for (var i = 1; i < pcm.Length; i++)
        {
            if (pcm[i - 1] < 0 && pcm[i] >= 0)
            {
                var at = i - 1 + ((double)-pcm[i - 1] / (pcm[i] - pcm[i - 1]));
                first ??= at;
                last = at;
                crossings++;
            }
        }

        Assert.True(crossings > 2, "no tone found");
        return (crossings - 1) * 48_000.0 / (last - first!.Value);
    }

    private static double RmsDbfs(ReadOnlySpan<short> pcm)
    {
        double sum = 0;
        foreach (var sample in pcm)
        {
            sum += (double)sample * sample;
        }

        return 20 * Math.Log10(Math.Sqrt(sum / pcm.Length) / 32_768.0);
    }

    [Fact]
    public void Create_Tone_OneSecondOf20MsPackets()
    {
        var clip = ToneClip.Create(440);

        Assert.Equal(ToneClip.PacketsPerSecond, clip.Packets.Count);
        Assert.Equal(50, clip.Packets.Count);
        Assert.All(clip.Packets, p => Assert.InRange(p.Length, 2, 1275));
        Assert.Equal(48_000, ToneClip.SamplesPerPacket * ToneClip.PacketsPerSecond);
    }

    [Theory]
    [InlineData(440)]
    [InlineData(1000)]
    [InlineData(220)]
    public void Create_Tone_DecodesToTheRequestedFrequency(int hz)
    {
        var pcm = Decode(ToneClip.Create(hz));

        var frequency = DominantFrequency(pcm.AsSpan(SettleSamples));

        Assert.InRange(frequency, hz - 3, hz + 3);
    }

    [Theory]
    [InlineData(440)]
    [InlineData(1000)]
    public void Create_Tone_RmsNearMinus15Dbfs(int hz)
    {
        var pcm = Decode(ToneClip.Create(hz));

        var level = RmsDbfs(pcm.AsSpan(SettleSamples));

        Assert.InRange(level, -18, -12);
    }

    [Fact]
    public void Create_Tone_PacketsDecodeWithoutDroppedAudio()
    {
        var pcm = Decode(ToneClip.Create(440));

        var silentPackets = Enumerable.Range(1, ToneClip.PacketsPerSecond - 1)
            .Count(p => pcm.AsSpan(p * ToneClip.SamplesPerPacket, ToneClip.SamplesPerPacket).IndexOfAnyExcept((short)0) < 0);

        Assert.Equal(0, silentPackets);
    }
}
