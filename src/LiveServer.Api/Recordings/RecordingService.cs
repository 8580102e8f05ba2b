using System.Threading.Channels;
using LiveServer.Api.Auth;
using LiveServer.Api.Livestreams;
using LiveServer.Api.Rooms;
using LiveServer.Api.Storage;
using LiveServer.Domain.Livestreams;
using LiveServer.Storage;

namespace LiveServer.Api.Recordings;

/// <summary>
/// Makes the recordings: when a livestream with <c>config.recording.enabled</c> ends
/// (<see cref="LivestreamService.LivestreamEnded"/>), or was closed at startup after a crash
/// (<see cref="StoreStartup.Recovered"/>), a <c>processing</c> recording is stored at once and queued;
/// one loop makes one at a time, off the request path (<see cref="RecordingMaker"/>), stores it as
/// <c>available</c> or <c>failed</c> with the reason, and announces it (<c>recordingAvailable</c> with
/// webhook <c>recording-available</c>, or <c>recordingFailed</c> with <c>recording-failed</c>) to the
/// room and the livestream's <c>webhookUrl</c>. A failure ends only its own recording. A livestream
/// that recorded no segment gets a <c>failed</c> recording saying so, so a caller that asked for one
/// always finds an answer. A stop mid-remux leaves the recording <c>processing</c>; the next start
/// makes it again.
/// </summary>
public sealed class RecordingService(
    LivestreamService livestreams,
    StoreStartup startup,
    LivestreamRegistry registry,
    ILiveStore store,
    StoreWriter writer,
    RecordingMaker maker,
    RecordingFiles files,
    RoomNotifier notifier,
    HlsUrlSigner signer,
    TimeProvider time,
    ILogger<RecordingService> logger) : BackgroundService
{
    // One item per ended livestream asking for a recording: as many as livestreams can end, never
    // dropped (a dropped item would be a recording lost), each a few hundred bytes.
    private readonly Channel<Job> _queue = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Lock _gate = new();
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);
    private string? _currentId;
    private CancellationTokenSource? _current;

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Hosted services start before the server takes requests, so nothing ends meanwhile.
        await writer.FlushAsync().ConfigureAwait(false);
        var resumed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var recording in await UnfinishedAsync(cancellationToken).ConfigureAwait(false))
        {
            if (registry.Find(recording.LivestreamId) is { IsActive: false } livestream)
            {
                logger.LogInformation("Recording {RecordingId} of livestream {LivestreamId} was cut short by a stop; making it again", recording.Id, livestream.Id);
                resumed.Add(livestream.Id);
                Enqueue(recording, livestream);
            }
            else
            {
                writer.Post(new StoreWrite.SaveRecording(recording with
                {
                    Status = RecordingStatus.Failed,
                    Error = $"Livestream '{recording.LivestreamId}' is not known any more.",
                }));
            }
        }

        foreach (var livestream in startup.Recovered.Where(l => l.Config.Recording && !resumed.Contains(l.Id)))
        {
            Queue(livestream);
        }

        livestreams.LivestreamEnded += OnLivestreamEnded;
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        livestreams.LivestreamEnded -= OnLivestreamEnded;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes a recording's files and row. One that is queued or being made is given up first (its
    /// FFmpeg is stopped), so it does not come back when the remux ends.
    /// </summary>
    /// <exception cref="IOException">When a file could not be deleted; the row is kept, so the delete can be retried.</exception>
    public async Task DeleteAsync(string id)
    {
        CancellationTokenSource? running = null;
        lock (_gate)
        {
            if (_pending.Contains(id))
            {
                _deleted.Add(id);
                running = _currentId == id ? _current : null;
            }
        }

        try
        {
            running?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It finished meanwhile; the loop sees the mark and deletes what it made.
        }

        long freed;
        try
        {
            freed = files.Delete(id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "Could not delete the files of recording {RecordingId}; its row is kept", id);
            throw;
        }

        lock (_gate)
        {
            writer.Post(new StoreWrite.DeleteRecording(id));
        }

        await writer.FlushAsync().ConfigureAwait(false);
        logger.LogInformation("Recording {RecordingId} deleted ({Bytes} bytes freed)", id, freed);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await MakeAsync(job, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued stays processing and is made at the next start.
        }
    }

    private void OnLivestreamEnded(Livestream livestream)
    {
        if (!livestream.Config.Recording)
        {
            return;
        }

        try
        {
            Queue(livestream);
        }
        catch (ObjectDisposedException)
        {
            // The store is closing (the server is stopping after its hosted services).
            logger.LogWarning("Livestream {LivestreamId} ended while the server stopped; no recording was queued", livestream.Id);
        }
    }

    /// <summary>Stores a new <c>processing</c> recording of <paramref name="livestream"/> and queues it.</summary>
    private void Queue(Livestream livestream)
    {
        var recording = new StoredRecording(
            RecordingFiles.NewId(), livestream.Id, livestream.RoomId, RecordingStatus.Processing, livestream.Start, livestream.End, null, null, null);
        writer.Post(new StoreWrite.SaveRecording(recording));
        logger.LogInformation("Recording {RecordingId} of livestream {LivestreamId} queued", recording.Id, livestream.Id);
        Enqueue(recording, livestream);
    }

    private void Enqueue(StoredRecording recording, Livestream livestream)
    {
        lock (_gate)
        {
            _pending.Add(recording.Id);
        }

        _queue.Writer.TryWrite(new Job(recording, livestream));
    }

    private async Task MakeAsync(Job job, CancellationToken stoppingToken)
    {
        var (recording, livestream) = job;
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["RecordingId"] = recording.Id,
            ["LivestreamId"] = livestream.Id,
            ["RoomId"] = livestream.RoomId,
        });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        lock (_gate)
        {
            if (_deleted.Remove(recording.Id))
            {
                _pending.Remove(recording.Id);
                return;
            }

            _currentId = recording.Id;
            _current = cancel;
        }

        RecordingOutcome outcome;
        try
        {
            outcome = await maker.MakeAsync(recording.Id, livestream, cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Stopping: recording {RecordingId} stays processing and is made at the next start", recording.Id);
            Forget(recording.Id);
            return;
        }
        catch (OperationCanceledException)
        {
            // Deleted while it was being made (DeleteAsync cancelled it).
            outcome = RecordingOutcome.Failed("The recording was cancelled.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Recording {RecordingId} could not be made", recording.Id);
            outcome = RecordingOutcome.Failed($"The recording could not be made: {WithoutPath(e.Message)}");
        }
        finally
        {
            lock (_gate)
            {
                _currentId = null;
                _current = null;
            }
        }

        var finished = outcome.IsAvailable
            ? recording with { Status = RecordingStatus.Available, DurationSec = Math.Round(outcome.Duration.TotalSeconds, 3), SizeBytes = outcome.SizeBytes, Error = null }
            : recording with { Status = RecordingStatus.Failed, Error = outcome.Error };
        bool deleted;
        lock (_gate)
        {
            deleted = _deleted.Remove(recording.Id);
            _pending.Remove(recording.Id);
            if (!deleted)
            {
                writer.Post(new StoreWrite.SaveRecording(finished));
            }
        }

        if (deleted || !outcome.IsAvailable)
        {
            CleanUp(recording.Id);
        }

        if (deleted)
        {
            return;
        }

        // Committed before it is announced, so a client that reacts to the event finds it.
        await writer.FlushAsync().ConfigureAwait(false);
        await AnnounceAsync(finished, livestream).ConfigureAwait(false);
    }

    private async Task AnnounceAsync(StoredRecording recording, Livestream livestream)
    {
        if (recording.Status == RecordingStatus.Available)
        {
            var response = RecordingResponse.From(recording, livestream.BaseUrl, files, signer);
            logger.LogInformation(
                "Recording {RecordingId} is available: {DurationSec} s, {SizeBytes} bytes", recording.Id, recording.DurationSec, recording.SizeBytes);
            await notifier.PublishAsync(
                "recordingAvailable", RecordingAvailableMessage.From(response, time.GetUtcNow()), "recording-available", livestream.WebhookUrl,
                CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            logger.LogWarning("Recording {RecordingId} failed: {Reason}", recording.Id, recording.Error);
            await notifier.PublishAsync(
                "recordingFailed",
                new RecordingFailedMessage(livestream.RoomId, recording.Id, livestream.Id, recording.Error ?? "unknown", time.GetUtcNow()),
                "recording-failed",
                livestream.WebhookUrl,
                CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Recordings left <c>processing</c> by the previous process.</summary>
    private async Task<List<StoredRecording>> UnfinishedAsync(CancellationToken cancellationToken)
    {
        var unfinished = new List<StoredRecording>();
        for (var page = 1; ; page++)
        {
            var listed = await store.ListRecordingsAsync(null, page, Paging.MaxPerPage, cancellationToken).ConfigureAwait(false);
            unfinished.AddRange(listed.Items.Where(r => r.Status == RecordingStatus.Processing));
            if (page >= listed.LastPage)
            {
                return unfinished;
            }
        }
    }

    private void Forget(string id)
    {
        lock (_gate)
        {
            _pending.Remove(id);
            _deleted.Remove(id);
        }
    }

    private void CleanUp(string id)
    {
        try
        {
            files.Delete(id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not delete the files of recording {RecordingId}", id);
        }
    }

    /// <summary>An I/O error's cause without the server's file path ("No space left on device : '/data/…'").</summary>
    private static string WithoutPath(string message) =>
        message.IndexOf(" : '", StringComparison.Ordinal) is var at and > 0 ? message[..at] : message;

    private sealed record Job(StoredRecording Recording, Livestream Livestream);
}
