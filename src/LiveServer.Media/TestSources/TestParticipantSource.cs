using LiveServer.Media.Codecs;
using LiveServer.Domain.Participants;
using LiveServer.Media.Ffmpeg;
using LiveServer.Media.Ivf;
using Microsoft.Extensions.Logging;

namespace LiveServer.Media.TestSources;

/// <summary>
/// A server-side synthetic host. Video: an FFmpeg child draws a moving test pattern (or a solid
/// colour) with the name and encodes VP8 in real time; its IVF output is published frame by frame.
/// Audio: a pre-encoded Opus packet is published every 20 ms: the tone, or encoded silence outside
/// the talk periods of a <see cref="SpeechSchedule"/>. Both feed <see cref="ParticipantTrack"/>s,
/// the same interface a WebRTC host feeds.
/// </summary>
public sealed class TestParticipantSource : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly FfmpegProcess _ffmpeg;
    private readonly string _nameFile;
    private readonly TimeSpan _stopTimeout;
    private readonly ILogger _logger;
    private readonly Task _videoLoop;
    private readonly Task _audioLoop;

    private TestParticipantSource(
        FfmpegProcess ffmpeg, string nameFile, ToneClip tone, SpeechSchedule? speech, TimeSpan stopTimeout, TimeProvider time, ILogger logger)
    {
        _ffmpeg = ffmpeg;
        _nameFile = nameFile;
        _stopTimeout = stopTimeout;
        _logger = logger;
        _videoLoop = Task.Run(() => PublishVideoAsync(_stop.Token));
        _audioLoop = Task.Run(() => PublishAudioAsync(tone, speech, time, _stop.Token));
    }

    /// <summary>The VP8 track.</summary>
    public ParticipantTrack Video { get; } = new(TrackKind.Video, MediaCodec.Vp8);

    /// <summary>The Opus track.</summary>
    public ParticipantTrack Audio { get; } = new(TrackKind.Audio, MediaCodec.Opus);

    /// <summary>Starts the source: the FFmpeg child and the tone.</summary>
    public static TestParticipantSource Start(
        TestParticipantSettings settings, string ffmpegPath, TimeSpan stopTimeout, TimeProvider time, ILogger logger)
    {
        var nameFile = Path.Combine(Path.GetTempPath(), $"liveserver-name-{Guid.NewGuid():N}.txt");
        File.WriteAllText(nameFile, settings.Name);
        var arguments = TestSourceArguments.Build(settings.Width, settings.Height, settings.Fps, settings.Color, nameFile);
        var ffmpeg = FfmpegProcess.Start(ffmpegPath, arguments, "test source", logger, stdinIsInput: false);
        return new TestParticipantSource(ffmpeg, nameFile, ToneClip.Create(settings.ToneHz), settings.Speech, stopTimeout, time, logger);
    }

    /// <summary>Stops the FFmpeg child and the tone; completes the tracks.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _ffmpeg.StopAsync(_stopTimeout, CancellationToken.None).ConfigureAwait(false);
        await Task.WhenAll(_videoLoop, _audioLoop).ConfigureAwait(false);
        await _ffmpeg.DisposeAsync().ConfigureAwait(false);
        Video.Complete();
        Audio.Complete();
        File.Delete(_nameFile);
        _stop.Dispose();
    }

    private async Task PublishVideoAsync(CancellationToken cancellationToken)
    {
        try
        {
            var reader = new IvfReader(_ffmpeg.StandardOutput);
            var header = await reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
            if (header is null)
            {
                return;
            }

            while (await reader.ReadFrameAsync(cancellationToken).ConfigureAwait(false) is { } frame)
            {
                var timestamp = frame.Timestamp * 90_000L * header.TimebaseNumerator / header.TimebaseDenominator;
                Vp8FrameHeader.TryReadSize(frame.Payload, out var width, out var height);
                Video.Publish(new EncodedFrame(
                    MediaCodec.Vp8, Vp8FrameHeader.IsKeyframe(frame.Payload), timestamp, DateTimeOffset.UtcNow,
                    frame.Payload, width, height));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            _logger.LogWarning(e, "Test source video ended with a read error");
        }

        if (!cancellationToken.IsCancellationRequested)
        {
            var exit = await _ffmpeg.Exited.ConfigureAwait(false);
            _logger.LogWarning("Test source stopped on its own: {Reason}", exit.Describe("test source"));
        }
    }

    private async Task PublishAudioAsync(ToneClip tone, SpeechSchedule? speech, TimeProvider time, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromMilliseconds(20);
        var started = time.GetTimestamp();
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
