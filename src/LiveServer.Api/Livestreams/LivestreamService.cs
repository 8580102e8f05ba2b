using System.Collections.Concurrent;
using LiveServer.Api.Admission;
using LiveServer.Api.Interactive;
using LiveServer.Api.Rooms;
using LiveServer.Api.Storage;
using LiveServer.Api.Templates;
using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Rooms;
using LiveServer.Hls;
using LiveServer.Hls.Origin;
using LiveServer.Media;
using LiveServer.Media.Audio;
using LiveServer.Media.Ffmpeg;
using LiveServer.Media.Livestreams;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Livestreams;

/// <summary>Starts and ends livestreams; one <see cref="LivestreamRunner"/> runs each.</summary>
public sealed class LivestreamService(
    RoomRegistry rooms,
    LivestreamRegistry livestreams,
    LivestreamJournal journal,
    RoomNotifier notifier,
    DiskSpace disk,
    FfmpegInstallation ffmpeg,
    AdmissionControl admission,
    OverlayStates overlays,
    TemplatePages templates,
    IOptions<MediaOptions> mediaOptions,
    IOptions<HlsOptions> hlsOptions,
    TimeProvider time,
    ILoggerFactory loggers)
{
    private readonly ConcurrentDictionary<string, LivestreamRunner> _runners = new(StringComparer.Ordinal);
    private readonly Lock _admissionGate = new();

    /// <summary>The Retry-After of a start refused while the room's previous livestream is stopping (the encoder's last segment).</summary>
    public static TimeSpan StoppingRetryAfter { get; } = TimeSpan.FromSeconds(2);

    /// <summary>Raised when a livestream reached HLS_STOPPED or HLS_FAILED (recordings are made from it).</summary>
    public event Action<Livestream>? LivestreamEnded;

    /// <summary>The base URL of playlists: configured, else the one the caller used.</summary>
    public string BaseUrlFor(HttpRequest request) =>
        hlsOptions.Value.PublicBaseUrl?.TrimEnd('/') is { Length: > 0 } configured
            ? configured
            : $"{request.Scheme}://{request.Host}{request.PathBase}";

    /// <summary>Validates and starts a livestream of a room; returns once HLS_STARTING was announced.</summary>
    public async Task<LivestreamStart> StartAsync(
        string roomId, LivestreamConfigInput? configInput, Uri? templateUrl, string? webhookUrl, string baseUrl, CancellationToken cancellationToken)
    {
        if (rooms.Find(roomId) is not { } room)
        {
            return new LivestreamStart(null, $"Room '{roomId}' does not exist.", LivestreamStartError.UnknownRoom);
        }

        var parsed = LivestreamConfigParser.Parse(configInput);
        if (parsed.Config is not { } config)
        {
            return new LivestreamStart(null, "The config is not valid.", LivestreamStartError.InvalidConfig, parsed.Errors);
        }

        if (templateUrl is not null)
        {
            if (config.Mode == StreamMode.Audio)
            {
                return new LivestreamStart(
                    null, "The config is not valid.", LivestreamStartError.InvalidConfig,
                    new Dictionary<string, string[]> { ["templateUrl"] = ["A template draws a picture; mode audio has none."] });
            }

            if (templates.Unavailable is { } missing)
            {
                return new LivestreamStart(null, missing, LivestreamStartError.Unavailable);
            }

            config = config with { TemplateUrl = templateUrl.ToString() };
        }

        if (!ffmpeg.IsAvailable)
        {
            return new LivestreamStart(null, FfmpegInstallation.MissingMessage, LivestreamStartError.Unavailable);
        }

        var hls = hlsOptions.Value;
        if (disk.Shortage(hls.StoragePath) is { } shortage)
        {
            return new LivestreamStart(null, shortage, LivestreamStartError.InsufficientStorage);
        }

        var livestream = new Livestream("hls-" + Guid.NewGuid().ToString("N")[..16], room.Id, config, time.GetUtcNow())
        {
            WebhookUrl = webhookUrl,
            BaseUrl = baseUrl,
        };
        lock (_admissionGate)
        {
            if (livestreams.FindActive(room.Id) is { Status: LivestreamStatus.Stopping } previous)
            {
                return new LivestreamStart(
                    null,
                    $"Room '{roomId}': the previous livestream ({previous.Id}) is still stopping; try again when it is HLS_STOPPED.",
                    LivestreamStartError.AlreadyRunning) { RetryAfter = StoppingRetryAfter };
            }

            if (livestreams.FindActive(room.Id) is null && admission.Decide(config) is { Admitted: false } refusal)
            {
                var kind = refusal.Verdict == AdmissionVerdict.MaxReached ? LivestreamStartError.MaxReached : LivestreamStartError.AtCapacity;
                return new LivestreamStart(null, refusal.Reason, kind) { RetryAfter = refusal.RetryAfter };
            }

            if (!livestreams.TryAdd(livestream))
            {
                return new LivestreamStart(
                    null, $"Room '{roomId}' already has a livestream running.", LivestreamStartError.AlreadyRunning);
            }
        }

        await journal.StatusChangedAsync(livestream, cancellationToken).ConfigureAwait(false);
        var media = mediaOptions.Value;
        var settings = new PipelineSettings(
            ffmpeg.RequirePath(),
            media.EncoderPreset,
            hls.SegmentDuration,
            hls.PartDuration,
            media.StopTimeout,
            new SpeakerDetectorOptions { TakeOverTime = media.SpeakerTakeOver, SpeechThresholdDbov = media.SpeechThresholdDbov })
        {
            EncoderRestartLimit = media.EncoderRestartLimit,
            EncoderRestartWindow = media.EncoderRestartWindow,
            Label = livestream.Id,
            Overlays = overlays.For(room.Id),
        };
        var runner = new LivestreamRunner(
            livestream, room, Path.Combine(hls.StoragePath, livestream.Id), hls.LiveWindowSegments, settings, journal, notifier, disk, templates, time,
            loggers.CreateLogger<LivestreamRunner>());
        _runners[livestream.Id] = runner;
        runner.Start();
        _ = runner.Completion.ContinueWith(
            _ =>
            {
                _runners.TryRemove(livestream.Id, out var _);
                LivestreamEnded?.Invoke(livestream);
            },
            TaskScheduler.Default);
        return new LivestreamStart(livestream, null, LivestreamStartError.None);
    }

    /// <summary>The LL-HLS origin of a livestream that is running (or just ending); null otherwise.</summary>
    public HlsOrigin? Origin(string livestreamId) => _runners.TryGetValue(livestreamId, out var runner) ? runner.Origin : null;

    /// <summary>
    /// Changes the layout, priority, grid size, fit, theme or overlays of a running livestream without a restart.
    /// Quality, orientation and mode are fixed while it runs.
    /// </summary>
    public ConfigUpdate UpdateConfig(string id, LivestreamConfigInput? input, Uri? templateUrl = null)
    {
        if (livestreams.Find(id) is not { } livestream)
        {
            return ConfigUpdate.Refused(StatusCodes.Status404NotFound, "id", $"Livestream '{id}' does not exist.");
        }

        if (!livestream.IsActive || !_runners.TryGetValue(id, out var runner))
        {
            return ConfigUpdate.Refused(StatusCodes.Status409Conflict, "id", $"Livestream '{id}' is not running.");
        }

        var parsed = LivestreamConfigParser.Parse(input, livestream.Config);
        if (parsed.Config is not { } config)
        {
            return ConfigUpdate.Invalid(parsed.Errors);
        }

        var current = livestream.Config;
        var fixedFields = new Dictionary<string, string[]>();
        if (config.Quality != current.Quality)
        {
            fixedFields["config.quality"] = ["quality is fixed while the livestream runs; end it and start another."];
        }

        if (config.Orientation != current.Orientation)
        {
            fixedFields["config.orientation"] = ["orientation is fixed while the livestream runs; end it and start another."];
        }

        if (config.Mode != current.Mode)
        {
            fixedFields["config.mode"] = ["mode is fixed while the livestream runs; end it and start another."];
        }

        if (fixedFields.Count > 0)
        {
            return new ConfigUpdate(null, StatusCodes.Status409Conflict, fixedFields);
        }

        // A URL (checked by the caller) switches to that template, "" back to the built-in layout.
        if (templateUrl is not null)
        {
            if (config.Mode == StreamMode.Audio)
            {
                return ConfigUpdate.Refused(StatusCodes.Status400BadRequest, "templateUrl", "A template draws a picture; mode audio has none.");
            }

            if (templates.Unavailable is { } missing)
            {
                return ConfigUpdate.Refused(StatusCodes.Status503ServiceUnavailable, "templateUrl", missing);
            }

            config = config with { TemplateUrl = templateUrl.ToString() };
        }
        else if (input?.TemplateUrl is "")
        {
            config = config with { TemplateUrl = null };
        }

        if (!runner.UpdateConfig(config))
        {
            return ConfigUpdate.Refused(StatusCodes.Status409Conflict, "id", $"Livestream '{id}' is not running yet; try again when it is HLS_STARTED.");
        }

        journal.Saved(livestream);
        return new ConfigUpdate(livestream, StatusCodes.Status200OK, null);
    }

    /// <summary>The runner of the room's running livestream, if any.</summary>
    public LivestreamRunner? ActiveRunner(string roomId) =>
        livestreams.FindActive(roomId) is { } livestream && _runners.TryGetValue(livestream.Id, out var runner) ? runner : null;

    /// <summary>
    /// Asks the room's running livestream to end and answers with it in HLS_STOPPING (the encoder
    /// finishes its last segment in the background); null when none runs.
    /// </summary>
    public async Task<Livestream?> EndAsync(string roomId, CancellationToken cancellationToken)
    {
        if (livestreams.FindActive(roomId) is not { } livestream || !_runners.TryGetValue(livestream.Id, out var runner))
        {
            return null;
        }

        if (livestream.TryMove(LivestreamStatus.Stopping, time.GetUtcNow()))
        {
            await journal.StatusChangedAsync(livestream, cancellationToken).ConfigureAwait(false);
        }

        runner.RequestStop();
        return livestream;
    }

    /// <summary>Ends every running livestream and waits for them (server shutdown).</summary>
    public async Task EndAllAsync(CancellationToken cancellationToken)
    {
        var running = _runners.Values.ToList();
        foreach (var runner in running)
        {
            runner.RequestStop();
        }

        await Task.WhenAll(running.Select(r => r.Completion)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
