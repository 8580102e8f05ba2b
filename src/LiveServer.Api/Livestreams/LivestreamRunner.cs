using LiveServer.Api.Rooms;
using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Rooms;
using LiveServer.Hls.Playlists;
using LiveServer.Media.Livestreams;
using LiveServer.Media.Video;

namespace LiveServer.Api.Livestreams;

/// <summary>
/// Runs one livestream from start to end: starts the media pipeline (HLS_STARTED), lists each
/// finished segment in the playlists (HLS_PLAYABLE at the first), and on a stop request lets the
/// encoder finish its last segment before closing the playlists (HLS_STOPPING, HLS_STOPPED). When
/// the pipeline cannot start, the encoder dies more often than the pipeline restarts it, or a
/// playlist cannot be written, it ends the playlists with what was recorded (where it can) and
/// moves to HLS_FAILED with the reason. An encoder the pipeline restarted shows in the playlists as
/// an <c>#EXT-X-DISCONTINUITY</c> before its first segment, with no change of state. Every state
/// change is announced over SignalR, in order, and so is every change of the active speaker
/// (<c>speakerChanged</c>).
/// </summary>
public sealed class LivestreamRunner(
    Livestream livestream,
    Room room,
    string folder,
    int liveWindowSegments,
    string baseUrl,
    PipelineSettings settings,
    RoomNotifier notifier,
    TimeProvider time,
    ILogger<LivestreamRunner> logger)
{
    private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _run;
    private volatile LivestreamPipeline? _pipeline;

    /// <summary>Completes when the livestream reached HLS_STOPPED or HLS_FAILED.</summary>
    public Task Completion => _run ?? Task.CompletedTask;

    /// <summary>Starts running in the background.</summary>
    public void Start() => _run = Task.Run(RunAsync);

    /// <summary>
    /// Applies a new layout or theme from the next frame on; false when the pipeline is not running
    /// (not started yet, or ended).
    /// </summary>
    public bool UpdateConfig(LivestreamConfig config)
    {
        if (_pipeline is not { } pipeline || !livestream.IsActive)
        {
            return false;
        }

        livestream.Config = config;
        pipeline.UpdateConfig(config);
        return true;
    }

    /// <summary>The frame the livestream shows now, encoded as an image; null when it is not running.</summary>
    public byte[]? Capture(ImageFormat format, int? width, int? height) =>
        _pipeline is { } pipeline && livestream.IsActive ? pipeline.Compositor.Capture(format, width, height) : null;

    /// <summary>Asks for a clean end. Idempotent.</summary>
    public void RequestStop() => _stopRequested.TrySetResult();

    private async Task RunAsync()
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["LivestreamId"] = livestream.Id, ["RoomId"] = room.Id });
        HlsPlaylist playlist;
        LivestreamPipeline pipeline;
        try
        {
            Directory.CreateDirectory(folder);
            playlist = new HlsPlaylist(folder, settings.SegmentDuration, liveWindowSegments);
            pipeline = LivestreamPipeline.Start(room, livestream.Config, folder, settings, time, logger);
            pipeline.SpeakerChanged += change => _ = notifier.SpeakerChangedAsync(livestream, change, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            logger.LogError(e, "Livestream could not start");
            await MoveAsync(LivestreamStatus.Failed, $"The livestream could not start: {e.Message}").ConfigureAwait(false);
            return;
        }

        _pipeline = pipeline;
        livestream.FollowStats(() => new LivestreamStats(
            pipeline.Compositor.Ticks, pipeline.Compositor.LateTicks, playlist.SegmentCount, pipeline.EncoderRestarts));
        await using (pipeline.ConfigureAwait(false))
        {
            await MoveAsync(LivestreamStatus.Started).ConfigureAwait(false);
            var segments = ListSegmentsAsync(pipeline, playlist);
            var stopped = await Task.WhenAny(segments, _stopRequested.Task).ConfigureAwait(false) == _stopRequested.Task;
            if (stopped)
            {
                await MoveAsync(LivestreamStatus.Stopping).ConfigureAwait(false);
                var exit = await pipeline.StopAsync(CancellationToken.None).ConfigureAwait(false);
                logger.LogInformation(
                    "Encoder finished with code {ExitCode}; the compositor made {Ticks} ticks, {LateTicks} of them late",
                    exit.ExitCode, pipeline.Compositor.Ticks, pipeline.Compositor.LateTicks);
            }

            var listingError = await segments.ConfigureAwait(false);
            if (listingError is not null && !stopped)
            {
                await pipeline.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            var endError = EndPlaylist(playlist);
            listingError ??= endError;
            livestream.FreezeStats();
            if (listingError is not null)
            {
                await MoveAsync(LivestreamStatus.Failed, listingError).ConfigureAwait(false);
            }
            else if (stopped)
            {
                logger.LogInformation("Livestream stopped after {Segments} segments, {Duration}", playlist.SegmentCount, playlist.TotalDuration);
                await MoveAsync(LivestreamStatus.Stopped).ConfigureAwait(false);
            }
            else
            {
                var exit = await pipeline.EncoderExited.ConfigureAwait(false);
                var reason = LivestreamPipeline.OutputFault(exit) is { } fault
                    ? $"The segment folder cannot be written ({fault}); {exit.Describe("the encoder")}"
                    : $"{exit.Describe("The encoder")} (restarted {pipeline.EncoderRestarts} times)";
                logger.LogError("Livestream failed: {Reason}", reason);
                await MoveAsync(LivestreamStatus.Failed, reason).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Lists segments until the encoder's output ends; returns an error when listing failed.</summary>
    private async Task<string?> ListSegmentsAsync(LivestreamPipeline pipeline, HlsPlaylist playlist)
    {
        try
        {
            await foreach (var entry in pipeline.Segments.ReadAllAsync().ConfigureAwait(false))
            {
                if (entry.Discontinuity)
                {
                    playlist.MarkDiscontinuity();
                }

                playlist.Append(entry.FileName, entry.Duration);
                if (playlist.SegmentCount == 1)
                {
                    await MoveAsync(LivestreamStatus.Playable).ConfigureAwait(false);
                }
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "Could not write the playlists");
            return $"Could not write the playlists: {WithoutPath(e.Message)}";
        }
    }

    private string? EndPlaylist(HlsPlaylist playlist)
    {
        try
        {
            playlist.End();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "Could not end the playlists");
            return $"Could not end the playlists: {WithoutPath(e.Message)}";
        }
    }

    /// <summary>An I/O error's cause without the server's file path ("No space left on device : '/data/…'").</summary>
    private static string WithoutPath(string message) =>
        message.IndexOf(" : '", StringComparison.Ordinal) is var at and > 0 ? message[..at] : message;

    private async Task MoveAsync(LivestreamStatus status, string? reason = null)
    {
        if (!livestream.TryMove(status, time.GetUtcNow(), reason))
        {
            return;
        }

        logger.LogInformation("Livestream is now {Status}", status);
        await notifier.HlsStateChangedAsync(livestream, baseUrl, CancellationToken.None).ConfigureAwait(false);
    }
}
