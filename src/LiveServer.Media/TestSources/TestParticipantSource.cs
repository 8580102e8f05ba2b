using LiveServer.Domain.Participants;
using LiveServer.Media.Codecs;
using Microsoft.Extensions.Logging;

namespace LiveServer.Media.TestSources;

/// <summary>
/// A server-side synthetic host. Video: a VP8 clip of its picture (see <see cref="TestClipStore"/>:
/// encoded once, then cached) replayed frame by frame in real time, looping, with RTP timestamps that
/// keep rising across loops; every loop starts on a keyframe, and the clip has one every second, so a
/// decoder that joins anywhere recovers within a second. Frame n since the start is due at start +
/// n / fps; a late tick publishes every frame due, so the rate does not drift. Audio: a pre-encoded Opus
/// packet every 20 ms: the tone, or encoded silence outside the talk periods of a
/// <see cref="SpeechSchedule"/>. Both feed <see cref="ParticipantTrack"/>s, the same interface a WebRTC
/// host feeds.
/// </summary>
public sealed class TestParticipantSource : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _fill;
    private readonly Task _videoLoop;
    private readonly Task _audioLoop;

    private TestParticipantSource(
        TestParticipantSettings settings, TestClipStore store, ToneClip tone, TimeProvider time, ILogger logger)
    {
        var clip = new TestClip();
        var started = time.GetTimestamp();
        _fill = Task.Run(() => store.FillAsync(clip, settings, _stop.Token));
        _videoLoop = Task.Run(() => PublishVideoAsync(clip, settings, started, time, logger, _stop.Token));
        _audioLoop = Task.Run(() => PublishAudioAsync(tone, settings.Speech, started, time, _stop.Token));
    }

    /// <summary>The VP8 track.</summary>
    public ParticipantTrack Video { get; } = new(TrackKind.Video, MediaCodec.Vp8);

    /// <summary>The Opus track.</summary>
    public ParticipantTrack Audio { get; } = new(TrackKind.Audio, MediaCodec.Opus);

    /// <summary>
    /// Starts the source now: frame n of the picture is due <c>n / fps</c> after this call, and audio
    /// packet k <c>k × 20 ms</c> after it.
    /// </summary>
    public static TestParticipantSource Start(TestParticipantSettings settings, TestClipStore store, TimeProvider time, ILogger logger) =>
        new(settings, store, ToneClip.Create(settings.ToneHz), time, logger);

    /// <summary>Stops the replay, the tone and any clip encoding; completes the tracks.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_fill, _videoLoop, _audioLoop).ConfigureAwait(false);
        Video.Complete();
        Audio.Complete();
        _stop.Dispose();
    }

    private async Task PublishVideoAsync(
        TestClip clip, TestParticipantSettings settings, long started, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / settings.Fps);
        long sent = 0;
        try
        {
            using var timer = new PeriodicTimer(interval, time);
            do
            {
                var due = (time.GetElapsedTime(started).Ticks * settings.Fps / TimeSpan.TicksPerSecond) + 1;
                for (; sent < due && clip.TryGet(sent, out var payload); sent++)
                {
                    if (sent == 0)
                    {
                        logger.LogInformation(
                            "Test source {Name} published its first frame {ElapsedMs} ms after it started",
                            settings.Name, (long)time.GetElapsedTime(started).TotalMilliseconds);
                    }

                    Vp8FrameHeader.TryReadSize(payload, out var width, out var height);
                    Video.Publish(new EncodedFrame(
                        MediaCodec.Vp8, Vp8FrameHeader.IsKeyframe(payload), sent * 90_000L / settings.Fps, time.GetUtcNow(),
                        payload, width, height));
                }

                if (clip.Completed.IsCompleted && clip.Count == 0)
                {
                    return;
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task PublishAudioAsync(
        ToneClip tone, SpeechSchedule? speech, long started, TimeProvider time, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromMilliseconds(20);
        long sent = 0;
        try
        {
            using var timer = new PeriodicTimer(interval, time);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                // Publish every packet that is due, so a late tick catches up instead of drifting.
                var due = (long)(time.GetElapsedTime(started).Ticks / interval.Ticks);
                for (; sent < due; sent++)
                {
                    var talking = speech?.IsTalking(sent * interval) ?? true;
                    var packet = talking ? tone.Packets[(int)(sent % tone.Packets.Count)] : tone.Silence;
                    Audio.Publish(new EncodedFrame(
                        MediaCodec.Opus, true, sent * ToneClip.SamplesPerPacket, time.GetUtcNow(), packet));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
