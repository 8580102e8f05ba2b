using LiveServer.Api.Rooms;
using LiveServer.Api.Storage;
using LiveServer.Api.Templates;
using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Rooms;
using LiveServer.Hls.Origin;
using LiveServer.Media.Encoding;
using LiveServer.Media.Livestreams;
using LiveServer.Media.Video;

namespace LiveServer.Api.Livestreams;

/// <summary>
/// Runs one livestream from start to end: starts the media pipeline (HLS_STARTED), hands each
/// finished fragment of every rendition to the livestream's <see cref="HlsOrigin"/> (HLS_PLAYABLE
/// once PART-HOLD-BACK is listed in every rendition), and on a stop request lets the encoder finish
/// before closing the playlists (HLS_STOPPING, HLS_STOPPED). When the pipeline cannot start, the
/// encoder dies more often than the pipeline restarts it, or a file cannot be written, it ends the
/// playlists with what was recorded (where it can) and moves to HLS_FAILED with the reason. An
/// encoder the pipeline restarted shows in the playlists as an <c>#EXT-X-DISCONTINUITY</c> before
/// its first segment, with no change of state. Every state
/// change is announced over SignalR, in order, and so is every change of the active speaker
/// (<c>speakerChanged</c>).
/// </summary>
public sealed class LivestreamRunner(
    Livestream livestream,
    Room room,
    string folder,
    int liveWindowSegments,
    PipelineSettings settings,
    LivestreamJournal journal,
    RoomNotifier notifier,
    DiskSpace disk,
    TemplatePages templates,
    TimeProvider time,
    ILogger<LivestreamRunner> logger)
{
    /// <summary>How often free disk space is checked while fragments are listed.</summary>
    public static readonly TimeSpan DiskCheckInterval = TimeSpan.FromSeconds(1);

    private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _run;
    private volatile LivestreamPipeline? _pipeline;
    private volatile LivestreamTemplate? _template;

    /// <summary>The origin serving the livestream's playlists and parts; null until the pipeline started.</summary>
    public HlsOrigin? Origin { get; private set; }

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
        _template?.Apply(config);
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
        HlsOrigin origin;
        LivestreamPipeline pipeline;
        try
        {
            var ladder = Rendition.LadderFor(livestream.Config);
            origin = new HlsOrigin(folder, [.. ladder.Select(HlsRenditions.From)], HlsRenditions.Timing(ladder[0], settings, liveWindowSegments), time);
            pipeline = LivestreamPipeline.Start(room, livestream.Config, settings, time, logger);
            pipeline.SpeakerChanged += change => _ = notifier.SpeakerChangedAsync(livestream, change, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            logger.LogError(e, "Livestream could not start");
            await MoveAsync(LivestreamStatus.Failed, $"The livestream could not start: {e.Message}").ConfigureAwait(false);
            return;
        }

        Origin = origin;
        var template = new LivestreamTemplate(livestream, pipeline, templates, notifier, journal, time, logger);
        template.Apply(livestream.Config);
        _template = template;
        _pipeline = pipeline;
        livestream.FollowStats(() => new LivestreamStats(
            pipeline.Compositor.Ticks, pipeline.Compositor.LateTicks, origin.Renditions[0].SegmentCount, pipeline.EncoderRestarts)
        {
            TemplateRestarts = template.Restarts,
            TemplateFailure = template.Failure,
        });
        await using (pipeline.ConfigureAwait(false))
        await using (template.ConfigureAwait(false))
        {
            await MoveAsync(LivestreamStatus.Started).ConfigureAwait(false);
            var segments = ListFragmentsAsync(pipeline, origin);
            var first = await Task.WhenAny(segments, _stopRequested.Task, template.Failed).ConfigureAwait(false);
            var stopped = first == _stopRequested.Task;
            string? templateError = first == template.Failed ? template.Failed.Result : null;
            if (templateError is not null)
            {
                logger.LogError("Livestream failed: {Reason}", templateError);
                await pipeline.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
            else if (stopped)
            {
                await MoveAsync(LivestreamStatus.Stopping).ConfigureAwait(false);
                var exit = await pipeline.StopAsync(CancellationToken.None).ConfigureAwait(false);
                logger.LogInformation(
                    "Encoder finished with code {ExitCode}; the compositor made {Ticks} ticks, {LateTicks} of them late",
                    exit.ExitCode, pipeline.Compositor.Ticks, pipeline.Compositor.LateTicks);
            }

            var listingError = await segments.ConfigureAwait(false) ?? templateError;
            if (listingError is not null && !stopped && templateError is null)
            {
                await pipeline.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            var endError = EndPlaylists(origin);
            listingError ??= endError;
            livestream.FreezeStats();
            if (listingError is not null)
            {
                await MoveAsync(LivestreamStatus.Failed, listingError).ConfigureAwait(false);
            }
            else if (stopped)
            {
                logger.LogInformation(
                    "Livestream stopped after {Segments} segments, {Duration}", origin.Renditions[0].SegmentCount, origin.Renditions[0].TotalDuration);
                await MoveAsync(LivestreamStatus.Stopped).ConfigureAwait(false);
            }
            else
            {
                var exit = await pipeline.EncoderExited.ConfigureAwait(false);
                var reason = $"{exit.Describe("The encoder")} (restarted {pipeline.EncoderRestarts} times)";
                logger.LogError("Livestream failed: {Reason}", reason);
                await MoveAsync(LivestreamStatus.Failed, reason).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Hands fragments to the origin until the encoder's output ends; returns an error when a file could not be written.</summary>
    private async Task<string?> ListFragmentsAsync(LivestreamPipeline pipeline, HlsOrigin origin)
    {
        var diskCheckedAt = time.GetTimestamp();
        try
        {
            await foreach (var fragment in pipeline.Fragments.ReadAllAsync().ConfigureAwait(false))
            {
                if (time.GetElapsedTime(diskCheckedAt) >= DiskCheckInterval)
                {
                    diskCheckedAt = time.GetTimestamp();
                    if (disk.Shortage(folder) is { } shortage)
                    {
                        logger.LogError("Ending the livestream: {Shortage}", shortage);
                        return $"The livestream was ended to keep the disk from filling: {shortage}";
                    }
                }

                origin.Append(fragment.Rendition, ToHls(fragment));
                if (livestream.Status == LivestreamStatus.Started && origin.IsPlayable)
                {
                    await MoveAsync(LivestreamStatus.Playable).ConfigureAwait(false);
                }
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "Could not write the livestream's files");
            return $"Could not write the livestream's files: {WithoutPath(e.Message)}";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever else went wrong, this livestream fails and ends its playlists; the server goes on.
            logger.LogError(e, "Listing the livestream's parts failed");
            return $"The livestream failed: {e.Message}";
        }
    }

    private static HlsFragment ToHls(RenditionFragment fragment) => new(
        fragment.Init.Bytes, fragment.Init.Codecs, fragment.Fragment.Bytes, fragment.Fragment.DurationTime,
        fragment.Fragment.Independent, fragment.ProgramDateTime, fragment.Discontinuity);

    private string? EndPlaylists(HlsOrigin origin)
    {
        try
        {
            origin.End();
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
        await journal.StatusChangedAsync(livestream, CancellationToken.None).ConfigureAwait(false);
    }
}
