namespace LiveServer.Domain.Livestreams;

/// <summary>
/// One HLS livestream of a room: its config, status and URLs. Status changes go through
/// <see cref="TryMove"/>, which enforces <see cref="LivestreamStateMachine"/>.
/// </summary>
public sealed class Livestream(string id, string roomId, LivestreamConfig config, DateTimeOffset start)
{
    private readonly Lock _gate = new();
    private volatile Func<LivestreamStats>? _liveStats;
    private volatile LivestreamStats _stats = LivestreamStats.None;

    /// <summary>Unique id; also the folder of its segments.</summary>
    public string Id { get; } = id;

    /// <summary>The room being streamed.</summary>
    public string RoomId { get; } = roomId;

    /// <summary>The current config (layout and theme may change while live).</summary>
    public LivestreamConfig Config { get; set; } = config;

    /// <summary>When the start was requested.</summary>
    public DateTimeOffset Start { get; } = start;

    /// <summary>When it reached a final state.</summary>
    public DateTimeOffset? End { get; private set; }

    /// <summary>The current status.</summary>
    public LivestreamStatus Status { get; private set; } = LivestreamStatus.Starting;

    /// <summary>Where this livestream's webhooks go besides <c>Webhooks:Urls</c> (the start call's <c>webhookUrl</c>).</summary>
    public string? WebhookUrl { get; init; }

    /// <summary>The base URL of the playlists as announced (configured, or the one the start call used).</summary>
    public string BaseUrl { get; init; } = string.Empty;

    /// <summary>True once retention deleted the livestream's files.</summary>
    public bool FilesDeleted { get; set; }

    /// <summary>
    /// A livestream as it was stored, e.g. after a restart: status, end, reason and counters as they
    /// were last saved.
    /// </summary>
    public static Livestream Restore(
        string id, string roomId, LivestreamConfig config, DateTimeOffset start, LivestreamStatus status, DateTimeOffset? end,
        string? failureReason, LivestreamStats stats, string? webhookUrl, string baseUrl, bool filesDeleted) =>
        new(id, roomId, config, start)
        {
            Status = status,
            End = end,
            FailureReason = failureReason,
            _stats = stats,
            WebhookUrl = webhookUrl,
            BaseUrl = baseUrl,
            FilesDeleted = filesDeleted,
        };

    /// <summary>The pipeline's counters: live while it runs, the last values after it ended.</summary>
    public LivestreamStats Stats => _liveStats is { } live ? live() : _stats;

    /// <summary>Why it failed, when <see cref="Status"/> is FAILED.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>The DVR (EVENT) playlist path, e.g. <c>/hls/{id}/index.m3u8</c>.</summary>
    public string PlaybackHlsPath => $"/hls/{Id}/index.m3u8";

    /// <summary>The sliding-window playlist path, e.g. <c>/hls/{id}/live.m3u8</c>.</summary>
    public string LivestreamPath => $"/hls/{Id}/live.m3u8";

    /// <summary>True while not STOPPED or FAILED.</summary>
    public bool IsActive => !LivestreamStateMachine.IsFinal(Status);

    /// <summary>Moves to <paramref name="next"/> when allowed; false (and no change) otherwise.</summary>
    public bool TryMove(LivestreamStatus next, DateTimeOffset at, string? failureReason = null)
    {
        lock (_gate)
        {
            if (!LivestreamStateMachine.CanMove(Status, next))
            {
                return false;
            }

            Status = next;
            if (next == LivestreamStatus.Failed)
            {
                FailureReason = failureReason;
            }

            if (LivestreamStateMachine.IsFinal(next))
            {
                End = at;
            }

            return true;
        }
    }

    /// <summary>Reads <see cref="Stats"/> from <paramref name="source"/> while the pipeline runs.</summary>
    public void FollowStats(Func<LivestreamStats> source) => _liveStats = source;

    /// <summary>Keeps the source's last values as <see cref="Stats"/> and lets the source go.</summary>
    public void FreezeStats()
    {
        if (_liveStats is { } live)
        {
            _stats = live();
            _liveStats = null;
        }
    }
}
