namespace LiveServer.Media.Compositing;

/// <summary>
/// The hand-over from a room's audience (polls, reactions) to the compositor of its livestream, so
/// audience traffic never waits on the media path nor the other way round. The audience side pushes
/// immutable snapshots: <see cref="ShowPoll"/> (the newest poll's question, options and counts) and
/// <see cref="AddReactions"/> (counts per type since the last push, summed by a lock-free swap until
/// the compositor takes them on its next frame). One per room, kept across its livestreams, so a
/// livestream started while a poll is open shows it at once.
/// </summary>
/// <remarks>
/// A layer that draws the poll subscribes (<see cref="OverlayLayer.Attach"/>) and is called back, on
/// the pushing thread and in push order, with every snapshot shown: that is where its text is
/// rendered, off the compositor's clock.
/// </remarks>
public sealed class OverlayState
{
    private readonly Lock _gate = new();
    private readonly string[] _reactionTypes;
    private readonly Dictionary<string, int> _typeIndexes;
    private Action<PollSnapshot?>[] _listeners = [];
    private volatile PollSnapshot? _poll;
    private ReactionBurst? _pending;

    /// <summary>Creates the state of a room whose reactions are of <paramref name="reactionTypes"/> (others are ignored).</summary>
    public OverlayState(IReadOnlyList<string> reactionTypes)
    {
        ArgumentNullException.ThrowIfNull(reactionTypes);
        _reactionTypes = [.. reactionTypes.Distinct(StringComparer.Ordinal)];
        _typeIndexes = _reactionTypes.Select((type, i) => (type, i)).ToDictionary(p => p.type, p => p.i, StringComparer.Ordinal);
    }

    /// <summary>The reaction types, in the order a burst counts them.</summary>
    public IReadOnlyList<string> ReactionTypes => _reactionTypes;

    /// <summary>The poll shown now, or null.</summary>
    public PollSnapshot? Poll => _poll;

    /// <summary>
    /// Shows <paramref name="snapshot"/> unless it is older than the one shown: for the same poll, one
    /// with fewer votes, or an open one after the close; for another poll, one opened before the open
    /// poll shown. False when it was ignored.
    /// </summary>
    public bool ShowPoll(PollSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_gate)
        {
            if (_poll is { } current && IsOlder(snapshot, current))
            {
                return false;
            }

            _poll = snapshot;
            foreach (var listener in _listeners)
            {
                listener(snapshot);
            }

            return true;
        }
    }

    /// <summary>
    /// Adds reactions by type (unknown types and counts below 1 are ignored) to those the compositor
    /// has not taken yet. Never blocks: a compare-and-swap of an immutable burst.
    /// </summary>
    public void AddReactions(IReadOnlyDictionary<string, long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var added = new long[_reactionTypes.Length];
        var any = false;
        foreach (var (type, count) in counts)
        {
            if (count > 0 && _typeIndexes.TryGetValue(type, out var index))
            {
                added[index] += count;
                any = true;
            }
        }

        if (!any)
        {
            return;
        }

        while (true)
        {
            var pending = Volatile.Read(ref _pending);
            var merged = pending is null ? new ReactionBurst(added) : pending.Plus(added);
            if (Interlocked.CompareExchange(ref _pending, merged, pending) == pending)
            {
                return;
            }
        }
    }

    /// <summary>The reactions since the last call, or null when none came (the compositor's side: one swap, no lock).</summary>
    internal ReactionBurst? TakeReactions() => Interlocked.Exchange(ref _pending, null);

    /// <summary>Calls <paramref name="listener"/> with the poll shown now and then with every poll shown, until disposed.</summary>
    internal IDisposable Subscribe(Action<PollSnapshot?> listener)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners, listener];
            listener(_poll);
        }

        return new Subscription(this, listener);
    }

    private static bool IsOlder(PollSnapshot snapshot, PollSnapshot current) =>
        string.Equals(snapshot.PollId, current.PollId, StringComparison.Ordinal)
            ? (current.IsClosed && !snapshot.IsClosed) || snapshot.Total < current.Total
            : !current.IsClosed && snapshot.OpenedAt < current.OpenedAt;

    private void Unsubscribe(Action<PollSnapshot?> listener)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners.Where(l => l != listener)];
        }
    }

    private sealed class Subscription(OverlayState state, Action<PollSnapshot?> listener) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                state.Unsubscribe(listener);
            }
        }
    }
}
