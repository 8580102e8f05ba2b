using LiveServer.Domain.Participants;
using LiveServer.Media.Audio;
using LiveServer.Media.Decoding;
using LiveServer.Media.TestSources;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveServer.Media.Tests.Decoding;

/// <summary>The decoder's level meter: the sender's RFC 6464 level when given, else the decoded audio measured.</summary>
public sealed class AudioDecoderLevelTests
{
    private static readonly ToneClip Tone = ToneClip.Create(440);

    /// <summary>
    /// Publishes <paramref name="packet"/> 20 times per round until the decoder has measured at least
    /// <paramref name="packets"/> of them (the decoder subscribes on its own task, so the first
    /// frames may come before it listens).
    /// </summary>
    private static async Task FeedAsync(ParticipantTrack track, AudioDecoder decoder, Func<long, EncodedFrame> packet, int packets = 60)
    {
        long sent = 0;
        for (var round = 0; round < 500 && decoder.Level.Measurements < packets; round++)
        {
            for (var i = 0; i < 20; i++, sent++)
            {
                track.Publish(packet(sent));
            }

            await Task.Delay(10);
        }

        Assert.True(decoder.Level.Measurements >= packets, $"only {decoder.Level.Measurements} packets measured");
    }

    private static EncodedFrame Opus(long index, byte[] payload, int? level = null) =>
        new(MediaCodec.Opus, true, index * ToneClip.SamplesPerPacket, DateTimeOffset.UtcNow, payload, AudioLevelDbov: level);

    [Fact]
    public async Task Decode_ToneWithoutRfc6464Level_MeasuredNearMinus15Dbov()
    {
        var track = new ParticipantTrack(TrackKind.Audio, MediaCodec.Opus);
        await using var decoder = new AudioDecoder(track, NullLogger.Instance);

        await FeedAsync(track, decoder, i => Opus(i, Tone.Packets[(int)(i % Tone.Packets.Count)]));

        Assert.InRange(decoder.Level.Level, 12, 19);
    }

    [Fact]
    public async Task Decode_FramesCarryRfc6464Level_ThatLevelNotTheMeasuredOne()
    {
        var track = new ParticipantTrack(TrackKind.Audio, MediaCodec.Opus);
        await using var decoder = new AudioDecoder(track, NullLogger.Instance);

        await FeedAsync(track, decoder, i => Opus(i, Tone.Packets[(int)(i % Tone.Packets.Count)], level: 70));

        Assert.Equal(70, decoder.Level.Level);
    }

    [Fact]
    public async Task Decode_EncodedSilence_MeasuredAsSilence()
    {
        var track = new ParticipantTrack(TrackKind.Audio, MediaCodec.Opus);
        await using var decoder = new AudioDecoder(track, NullLogger.Instance);

        await FeedAsync(track, decoder, i => Opus(i, Tone.Silence));

        Assert.InRange(decoder.Level.Level, 100, AudioLevelMeter.Silence);
    }

    [Fact]
    public async Task Decode_EmptyPacketWithRfc6464Level_LevelStillCounts()
    {
        var track = new ParticipantTrack(TrackKind.Audio, MediaCodec.Opus);
        await using var decoder = new AudioDecoder(track, NullLogger.Instance);

        await FeedAsync(track, decoder, i => Opus(i, [], level: 30));

        Assert.Equal(30, decoder.Level.Level);
    }
}
