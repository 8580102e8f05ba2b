namespace LiveServer.Hls.Origin;

/// <summary>
/// Wakes every waiter at once when something changed: waiters take <see cref="Next"/> and await it;
/// <see cref="Pulse"/> completes it and puts a fresh one in its place. No thread is held while waiting.
/// </summary>
public sealed class AsyncSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Pulse"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Wakes the current waiters.</summary>
    public void Pulse() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
