namespace LiveServer.WebRtc.Sessions;

/// <summary>
/// RFC 7675 section 5.1: consent to keep a session is refreshed by every authenticated check and
/// lost when none arrives for the timeout (which also bounds the wait for the first check).
/// Safe to use from the receive threads and the timer.
/// </summary>
/// <param name="timeout">How long a session may go without a check.</param>
/// <param name="start">The session clock when the answer was made.</param>
internal sealed class ConsentFreshness(TimeSpan timeout, TimeSpan start)
{
    private long _lastTicks = start.Ticks;

    /// <summary>Records an authenticated check at <paramref name="now"/>.</summary>
    public void Refresh(TimeSpan now) => Volatile.Write(ref _lastTicks, now.Ticks);

    /// <summary>True when no check arrived within the timeout before <paramref name="now"/>.</summary>
    public bool IsExpired(TimeSpan now) => now - TimeSpan.FromTicks(Volatile.Read(ref _lastTicks)) > timeout;
}
