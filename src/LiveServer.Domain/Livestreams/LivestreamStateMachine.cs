namespace LiveServer.Domain.Livestreams;

/// <summary>
/// The allowed transitions: STARTING → STARTED → PLAYABLE → STOPPING → STOPPED, a stop may come
/// before PLAYABLE, and any state that is not final may go to FAILED.
/// </summary>
public static class LivestreamStateMachine
{
    /// <summary>True when <paramref name="from"/> may move to <paramref name="to"/>.</summary>
    public static bool CanMove(LivestreamStatus from, LivestreamStatus to) => (from, to) switch
    {
        (LivestreamStatus.Starting, LivestreamStatus.Started) => true,
        (LivestreamStatus.Started, LivestreamStatus.Playable) => true,
        (LivestreamStatus.Starting or LivestreamStatus.Started or LivestreamStatus.Playable, LivestreamStatus.Stopping) => true,
        (LivestreamStatus.Stopping, LivestreamStatus.Stopped) => true,
        (_, LivestreamStatus.Failed) => !IsFinal(from),
        _ => false,
    };

    /// <summary>True for STOPPED and FAILED.</summary>
    public static bool IsFinal(LivestreamStatus status) =>
        status is LivestreamStatus.Stopped or LivestreamStatus.Failed;
}
