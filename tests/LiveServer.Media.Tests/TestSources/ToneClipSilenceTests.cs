using Concentus;
using LiveServer.Media.Audio;
using LiveServer.Media.TestSources;

namespace LiveServer.Media.Tests.TestSources;

public sealed class ToneClipSilenceTests
{
    [Fact]
    public void Silence_Decoded_TwentyMillisecondsOfSilence()
    {
        var clip = ToneClip.Create(440);
        var decoder = OpusCodecFactory.CreateDecoder(48_000, 1);
        var pcm = new short[ToneClip.SamplesPerPacket];

        var samples = decoder.Decode(clip.Silence, pcm, ToneClip.SamplesPerPacket, false);

        Assert.Equal(ToneClip.SamplesPerPacket, samples);
        Assert.InRange(AudioLevelMeter.Measure(pcm), 100, AudioLevelMeter.Silence);
    }

    [Fact]
    public void Silence_AfterTonePackets_DecoderFallsSilentWithinAFewPackets()
    {
        var clip = ToneClip.Create(440);
        var decoder = OpusCodecFactory.CreateDecoder(48_000, 1);
        var pcm = new short[ToneClip.SamplesPerPacket];
        foreach (var packet in clip.Packets)
        {
            decoder.Decode(packet, pcm, ToneClip.SamplesPerPacket, false);
        }

        Assert.InRange(AudioLevelMeter.Measure(pcm), 12, 19);
        for (var i = 0; i < 5; i++)
        {
            decoder.Decode(clip.Silence, pcm, ToneClip.SamplesPerPacket, false);
        }

        Assert.InRange(AudioLevelMeter.Measure(pcm), 80, AudioLevelMeter.Silence);
    }

    [Fact]
    public void Silence_SmallerThanTonePackets()
    {
        var clip = ToneClip.Create(440);

        Assert.InRange(clip.Silence.Length, 1, clip.Packets.Min(p => p.Length));
    }
}
