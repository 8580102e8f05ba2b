using Concentus;
using LiveServer.Domain.Participants;
using LiveServer.Media.Audio;
using Microsoft.Extensions.Logging;

namespace LiveServer.Media.Decoding;

/// <summary>
/// Decodes one participant's Opus track (managed, Concentus) to 48 kHz stereo into a
/// <see cref="PcmJitterBuffer"/>. A packet that fails to decode is counted and skipped; the jitter buffer covers the gap with silence.
/// Each packet's level goes into <see cref="Level"/>: the sender's RFC 6464 level when the frame
/// carries one, else the RMS of the decoded samples.
/// </summary>
public sealed class AudioDecoder : IAsyncDisposable
{
    private const int MaxFrameSamples = 5_760;
    private readonly ParticipantTrack _track;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Starts decoding <paramref name="track"/>.</summary>
    public AudioDecoder(ParticipantTrack track, ILogger logger)
    {
        _track = track;
        _logger = logger;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>The decoded audio.</summary>
    public PcmJitterBuffer Buffer { get; } = new();

    /// <summary>The participant's current audio level, for speaker detection.</summary>
    public AudioLevelMeter Level { get; } = new();

    /// <summary>Packets that could not be decoded.</summary>
    public long CorruptPackets { get; private set; }

    /// <summary>Stops decoding.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var decoder = OpusCodecFactory.CreateDecoder(48_000, 2);
        var pcm = new short[MaxFrameSamples * 2];
        using var subscription = _track.Subscribe(capacity: 100);
        var drops = new DropReport(subscription, "audio", _logger);
        try
        {
            await foreach (var frame in subscription.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                drops.Check();
                int samples;
                try
                {
                    samples = decoder.Decode(frame.Payload.Span, pcm, MaxFrameSamples, false);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException)
                {
                    CorruptPackets++;
                    if (CorruptPackets == 1)
                    {
                        _logger.LogWarning("Undecodable Opus packet ({Length} bytes); counting further ones silently", frame.Payload.Length);
                    }

                    samples = 0;
                }

                if (samples > 0)
                {
                    var decoded = pcm.AsSpan(0, samples * 2);
                    Buffer.Write(decoded);
                    Level.Add(frame.AudioLevelDbov ?? AudioLevelMeter.Measure(decoded));
                }
                else if (frame.AudioLevelDbov is { } level)
                {
                    Level.Add(level);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            drops.Finish();
        }
    }
}
