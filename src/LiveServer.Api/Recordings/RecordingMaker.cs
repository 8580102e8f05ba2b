using LiveServer.Api.Storage;
using LiveServer.Domain.Livestreams;
using LiveServer.Hls;
using LiveServer.Media.Ffmpeg;
using LiveServer.Storage;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Recordings;

/// <summary>
/// Makes one recording's files from an ended livestream's folder: the top rendition's DVR playlist
/// (<c>{rendition}.m3u8</c>, fragmented MP4 segments) is remuxed by FFmpeg into one MP4 with the
/// <c>moov</c> box first, without re-encoding, then a JPEG is taken from about the middle (video
/// only). Both are written under temporary names and renamed when complete, so a half-written file
/// is never served. The length is the sum of the playlist's <c>#EXTINF</c>. Before the remux the
/// recordings' disk must hold the segments' size and still keep <c>Storage:MinFreeBytes</c> free.
/// </summary>
public sealed class RecordingMaker(
    FfmpegInstallation ffmpeg,
    RecordingFiles files,
    DiskSpace disk,
    IOptions<StorageOptions> storageOptions,
    IOptions<HlsOptions> hlsOptions,
    TimeProvider time,
    ILogger<RecordingMaker> logger)
{
    /// <summary>The reason of a recording of a livestream that ended before its first segment.</summary>
    public const string NoSegmentsReason = "The livestream ended before it recorded any segment; there is nothing to record.";

    /// <summary>How long taking the thumbnail may take.</summary>
    public static readonly TimeSpan ThumbnailTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long the remux of <paramref name="duration"/> of media may take: 2 minutes and a tenth of the length (a copy, not an encode).</summary>
    public static TimeSpan RemuxTimeout(TimeSpan duration) => TimeSpan.FromMinutes(2) + (duration / 10);

    /// <summary>Makes the MP4 and thumbnail of <paramref name="livestream"/> as recording <paramref name="recordingId"/>.</summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> fires; FFmpeg is stopped and temporary files removed.</exception>
    public async Task<RecordingOutcome> MakeAsync(string recordingId, Livestream livestream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(livestream);
        if (livestream.FilesDeleted)
        {
            return RecordingOutcome.Failed("The livestream's files were deleted (Storage:Retention) before the recording was made.");
        }

        var folder = Path.GetFullPath(Path.Combine(hlsOptions.Value.StoragePath, livestream.Id));
        var top = Rendition.LadderFor(livestream.Config)[0];
        var playlistPath = Path.Combine(folder, top.Name + ".m3u8");
        var playlist = await RecordingPlaylist.ReadAsync(playlistPath, cancellationToken).ConfigureAwait(false);
        if (playlist is not { Segments: > 0 })
        {
            return RecordingOutcome.Failed(NoSegmentsReason);
        }

        Directory.CreateDirectory(files.Folder);
        if (Shortage(playlist.BytesIn(folder)) is { } shortage)
        {
            return RecordingOutcome.Failed(shortage);
        }

        var temporary = files.TemporaryMp4Path(recordingId);
        var temporaryThumbnail = files.TemporaryThumbnailPath(recordingId);
        try
        {
            var started = time.GetTimestamp();
            var timeout = RemuxTimeout(playlist.Duration);
            var remux = await RunAsync(RecordingArguments.Remux(playlistPath, temporary), "remux", timeout, cancellationToken).ConfigureAwait(false);
            if (remux is null)
            {
                return RecordingOutcome.Failed($"The remux of {playlist.Segments} segments did not finish within {timeout}.");
            }

            if (remux.ExitCode != 0 || !File.Exists(temporary) || new FileInfo(temporary).Length == 0)
            {
                var reason = Clean(remux.Describe("The remux"), folder);
                logger.LogWarning("Remux of livestream {LivestreamId} failed: {Reason}", livestream.Id, reason);
                return RecordingOutcome.Failed(reason);
            }

            var mp4 = files.Mp4Path(recordingId);
            File.Move(temporary, mp4, overwrite: true);
            var hasThumbnail = !top.AudioOnly && await ThumbnailAsync(mp4, playlist.Duration / 2, temporaryThumbnail, recordingId, cancellationToken).ConfigureAwait(false);
            var size = new FileInfo(mp4).Length;
            logger.LogInformation(
                "Remuxed {Segments} segments of rendition {Rendition} into {Size} bytes ({Duration}) in {Elapsed}",
                playlist.Segments, top.Name, size, playlist.Duration, time.GetElapsedTime(started));
            return new RecordingOutcome(null, playlist.Duration, size, hasThumbnail);
        }
        finally
        {
            DeleteQuietly(temporary);
            DeleteQuietly(temporaryThumbnail);
        }
    }

    /// <summary>Why the recordings' disk cannot take <paramref name="needed"/> more bytes; null when it can (or its space is unknown).</summary>
    private string? Shortage(long needed)
    {
        if (disk.FreeBytes(files.Folder) is not { } free)
        {
            return null;
        }

        var minimum = Math.Max(0, storageOptions.Value.MinFreeBytes);
        if (free - needed >= minimum)
        {
            return null;
        }

        const long MiB = 1024 * 1024;
        return $"Not enough free disk space for the recording: it needs about {Math.Max(1, needed / MiB)} MiB, {free / MiB} MiB are free "
            + $"and Storage:MinFreeBytes ({minimum / MiB} MiB) must stay free.";
    }

    private async Task<bool> ThumbnailAsync(string mp4, TimeSpan at, string temporary, string recordingId, CancellationToken cancellationToken)
    {
        var exit = await RunAsync(RecordingArguments.Thumbnail(mp4, at, temporary), "thumbnail", ThumbnailTimeout, cancellationToken).ConfigureAwait(false);
        if (exit is { ExitCode: 0 } && File.Exists(temporary) && new FileInfo(temporary).Length > 0)
        {
            File.Move(temporary, files.ThumbnailPath(recordingId), overwrite: true);
            return true;
        }

        // The MP4 is what was asked for; a missing thumbnail leaves thumbnailUrl null.
        logger.LogWarning(
            "No thumbnail for recording {RecordingId}: {Reason}",
            recordingId, exit is null ? $"FFmpeg did not finish within {ThumbnailTimeout}" : Clean(exit.Describe("The thumbnail"), files.Folder));
        return false;
    }

    /// <summary>Runs FFmpeg to its exit; null when it ran past <paramref name="timeout"/> (it is killed).</summary>
    private async Task<FfmpegExit?> RunAsync(IReadOnlyList<string> arguments, string role, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var process = FfmpegProcess.Start(ffmpeg.RequirePath(), arguments, role, logger, stdinIsInput: false);
        await using (process.ConfigureAwait(false))
        {
            try
            {
                return await process.Exited.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                logger.LogWarning("The {Role} FFmpeg {ProcessId} ran longer than {Timeout}; killing it", role, process.ProcessId, timeout);
                return null;
            }

            // Cancelled: disposing kills it.
        }
    }

    /// <summary>A failure line without the server's folders (FFmpeg names its inputs and outputs by path).</summary>
    private string Clean(string reason, string folder) =>
        reason.Replace(folder + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal)
            .Replace(files.Folder + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal);

    private void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not delete the temporary file {Path}", path);
        }
    }
}
