using Concentus;
using Concentus.Enums;

namespace LiveServer.Media.TestSources;

/// <summary>
/// One second of a sine tone encoded once as 50 Opus packets of 20 ms. An integer frequency makes the
/// second an exact number of periods, so the packets loop without a click; replaying them costs no
/// encoding at run time. A packet of encoded silence comes with it, for the quiet periods of a
/// participant who talks on a schedule.
/// </summary>
public sealed class ToneClip
{
    /// <summary>Samples per 20 ms packet at 48 kHz.</summary>
    public const int SamplesPerPacket = 960;

    /// <summary>Packets per second.</summary>
    public const int PacketsPerSecond = 50;

    private ToneClip(IReadOnlyList<byte[]> packets, byte[] silence)
    {
        Packets = packets;
        Silence = silence;
    }

    /// <summary>The encoded packets, in order.</summary>
    public IReadOnlyList<byte[]> Packets { get; }

    /// <summary>One 20 ms packet of digital silence, to be repeated as long as needed.</summary>
    public byte[] Silence { get; }

    /// <summary>Encodes one second of a mono tone at <paramref name="frequencyHz"/> and -12 dBFS.</summary>
    public static ToneClip Create(int frequencyHz)
    {
        var encoder = CreateEncoder();
        var pcm = new short[SamplesPerPacket];
        var output = new byte[1275];
        var packets = new List<byte[]>(PacketsPerSecond);
        const double amplitude = 0.25 * short.MaxValue;
        for (var packet = 0; packet < PacketsPerSecond; packet++)
        {
            for (var i = 0; i < SamplesPerPacket; i++)
            {
                var t = ((packet * SamplesPerPacket) + i) / 48_000.0;
                pcm[i] = (short)(amplitude * Math.Sin(2 * Math.PI * frequencyHz * t));
            }

            var length = encoder.Encode(pcm, SamplesPerPacket, output, output.Length);
            packets.Add(output.AsSpan(0, length).ToArray());
        }

        return new ToneClip(packets, EncodeSilence(output));
    }

    private static IOpusEncoder CreateEncoder()
    {
        var encoder = OpusCodecFactory.CreateEncoder(48_000, 1, OpusApplication.OPUS_APPLICATION_AUDIO);
        encoder.Bitrate = 32_000;
        return encoder;
    }

    /// <summary>A packet from a fresh encoder fed zeros, after it settled (its first packets carry start-up state).</summary>
    private static byte[] EncodeSilence(byte[] output)
    {
        var encoder = CreateEncoder();
        var zeros = new short[SamplesPerPacket];
        var length = 0;
        for (var i = 0; i < 5; i++)
        {
            length = encoder.Encode(zeros, SamplesPerPacket, output, output.Length);
        }

        return output.AsSpan(0, length).ToArray();
    }
}
