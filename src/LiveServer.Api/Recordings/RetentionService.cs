using LiveServer.Api.Storage;
using LiveServer.Domain.Livestreams;
using LiveServer.Hls;
using LiveServer.Storage;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Recordings;

/// <summary>
/// Deletes what is older than <c>Storage:Retention</c>, once at start and then every
/// <c>Storage:RetentionInterval</c> (on the injected clock): recordings of livestreams that ended
/// before now − retention (MP4, thumbnail and row) and the HLS folders of livestreams that ended
/// before then (the livestream is kept, marked <c>FilesDeleted</c>). A livestream still running is
/// never touched, and neither is a recording still being made nor the folder it is made from (the
/// next pass takes them). A file that cannot be deleted is logged and tried again next pass. With
/// no <c>Storage:Retention</c> everything is kept.
/// </summary>
public sealed class RetentionService(
    ILiveStore store,
    StoreWriter writer,
    LivestreamRegistry livestreams,
    LivestreamJournal journal,
    RecordingFiles files,
    IOptions<StorageOptions> storageOptions,
    IOptions<HlsOptions> hlsOptions,
    TimeProvider time,
    ILogger<RetentionService> logger) : BackgroundService
{
    /// <summary>Raised after every pass, with what it removed.</summary>
    public event Action<RetentionPass>? Passed;

    /// <summary>Removes what ended before now − <paramref name="retention"/>.</summary>
    public async Task<RetentionPass> RunOnceAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cutoff = now - retention;

        // Recordings and livestream rows are written in batches: what was posted before now is in the store after the flush.
        await writer.FlushAsync().ConfigureAwait(false);
        var old = await store.RecordingsEndedBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false);
        var beingMade = old.Where(r => r.Status == RecordingStatus.Processing).Select(r => r.LivestreamId).ToHashSet(StringComparer.Ordinal);
        var recordings = 0;
        long bytes = 0;
        foreach (var recording in old.Where(r => r.Status != RecordingStatus.Processing))
        {
            try
            {
                bytes += files.Delete(recording.Id);
                writer.Post(new StoreWrite.DeleteRecording(recording.Id));
                recordings++;
                logger.LogInformation(
                    "Retention: deleted recording {RecordingId} of livestream {LivestreamId}, ended {EndedAt}",
                    recording.Id, recording.LivestreamId, recording.EndedAt);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Retention: could not delete recording {RecordingId}; trying again next pass", recording.Id);
            }
        }

        var folders = 0;
        foreach (var livestream in Ended(cutoff).Where(l => !beingMade.Contains(l.Id)))
        {
            var folder = Path.Combine(hlsOptions.Value.StoragePath, livestream.Id);
            try
            {
                bytes += DeleteFolder(folder);
                livestream.FilesDeleted = true;
                journal.Saved(livestream);
                folders++;
                logger.LogInformation(
                    "Retention: deleted the files of livestream {LivestreamId} of room {RoomId}, ended {EndedAt}",
                    livestream.Id, livestream.RoomId, livestream.End);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Retention: could not delete the files of livestream {LivestreamId}; trying again next pass", livestream.Id);
            }
        }

        await writer.FlushAsync().ConfigureAwait(false);
        if (recordings + folders > 0)
        {
            logger.LogInformation(
                "Retention removed {Recordings} recordings and {Folders} livestream folders that ended before {Cutoff} ({Bytes} bytes)",
                recordings, folders, cutoff, bytes);
        }

        return new RetentionPass(now, cutoff, recordings, folders, bytes);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = storageOptions.Value;
        if (options.Retention is not { } retention)
        {
            logger.LogInformation("Storage:Retention is not set: recordings and livestream files are kept");
            return;
        }

        logger.LogInformation("Retention: deleting recordings and livestream files older than {Retention}, every {Interval}", retention, options.RetentionInterval);
        using var timer = new PeriodicTimer(options.RetentionInterval, time);
        do
        {
            try
            {
                var pass = await RunOnceAsync(retention, stoppingToken).ConfigureAwait(false);
                Passed?.Invoke(pass);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Retention pass failed; trying again in {Interval}", options.RetentionInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Livestreams that ended before <paramref name="cutoff"/> and still have their files.</summary>
    private IEnumerable<Livestream> Ended(DateTimeOffset cutoff)
    {
        var total = livestreams.List(null, 1, 1).Total;
        return livestreams.List(null, 1, Math.Max(1, total)).Items
            .Where(l => !l.IsActive && !l.FilesDeleted && l.End is { } end && end < cutoff);
    }

    /// <summary>Deletes a folder and what is in it; returns the bytes freed (0 when it is not there).</summary>
    private static long DeleteFolder(string folder)
    {
        var directory = new DirectoryInfo(folder);
        if (!directory.Exists)
        {
            return 0;
        }

        var bytes = directory.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        directory.Delete(recursive: true);
        return bytes;
    }
}
