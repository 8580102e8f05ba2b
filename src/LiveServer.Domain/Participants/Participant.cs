namespace LiveServer.Domain.Participants;

/// <summary>
/// A host in a room: a name and the tracks it publishes. The media source that feeds the tracks
/// owns their lifetime; <see cref="DisposeAsync"/> stops that source.
/// </summary>
public sealed class Participant : IAsyncDisposable
{
    private readonly Func<ValueTask> _stopSource;
    private readonly Func<IReadOnlyDictionary<string, long>>? _transportCounters;
    private int _disposed;

    /// <summary>Creates a participant whose source is stopped by <paramref name="stopSource"/>.</summary>
    /// <param name="id">Unique within the server.</param>
    /// <param name="name">Display name.</param>
    /// <param name="kind">Test source or WebRTC publisher.</param>
    /// <param name="joinedAt">When the participant joined.</param>
    /// <param name="video">The camera track, if any.</param>
    /// <param name="audio">The microphone track, if any.</param>
    /// <param name="stopSource">Stops the media source.</param>
    /// <param name="transportCounters">The transport's counters, for WebRTC publishers.</param>
    /// <param name="screenShare">The screen-share track, when the participant publishes one.</param>
    public Participant(
        string id,
        string name,
        ParticipantKind kind,
        DateTimeOffset joinedAt,
        ParticipantTrack? video,
        ParticipantTrack? audio,
        Func<ValueTask> stopSource,
        Func<IReadOnlyDictionary<string, long>>? transportCounters = null,
        ParticipantTrack? screenShare = null)
    {
        Id = id;
        Name = name;
        Kind = kind;
        JoinedAt = joinedAt;
        Video = video;
        Audio = audio;
        ScreenShare = screenShare;
        _stopSource = stopSource;
        _transportCounters = transportCounters;
    }

    /// <summary>Unique within the server.</summary>
    public string Id { get; }

    /// <summary>Display name shown in the layout.</summary>
    public string Name { get; }

    /// <summary>Test source or WebRTC publisher.</summary>
    public ParticipantKind Kind { get; }

    /// <summary>When the participant joined the room.</summary>
    public DateTimeOffset JoinedAt { get; }

    /// <summary>The camera track, when the participant publishes video.</summary>
    public ParticipantTrack? Video { get; }

    /// <summary>The microphone track, when the participant publishes audio.</summary>
    public ParticipantTrack? Audio { get; }

    /// <summary>
    /// The screen-share track, when the participant publishes one (a second video track). It starts
    /// with the participant's session, so <see cref="JoinedAt"/> is when the share started.
    /// </summary>
    public ParticipantTrack? ScreenShare { get; }

    /// <summary>
    /// The media transport's counters (packets, bytes, lost, NACKs, PLIs, keyframes, decrypt failures)
    /// for WebRTC publishers; null for sources without a network transport.
    /// </summary>
    public IReadOnlyDictionary<string, long>? TransportCounters => _transportCounters?.Invoke();

    /// <summary>Stops the source and completes the tracks. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _stopSource().ConfigureAwait(false);
        }
        finally
        {
            Video?.Complete();
            Audio?.Complete();
            ScreenShare?.Complete();
        }
    }
}
