using System.Collections.Concurrent;

namespace LiveServer.Api.Livestreams;

/// <summary>
/// Counts the blocking HLS requests each client address has held at once, so one client cannot
/// park thousands of them (the waits are asynchronous and hold no thread, but each holds memory and
/// a connection). Beyond <c>Hls:MaxHeldRequestsPerClient</c> a request is refused with 429.
/// </summary>
public sealed class HeldRequestLimiter(int limit)
{
    private readonly ConcurrentDictionary<string, int> _held = new(StringComparer.Ordinal);

    /// <summary>Takes a place for <paramref name="client"/>; null when it has <c>limit</c> already. Dispose to give it back.</summary>
    public IDisposable? TryEnter(string client)
    {
        while (true)
        {
            var count = _held.GetOrAdd(client, 0);
            if (count >= limit)
            {
                return null;
            }

            if (_held.TryUpdate(client, count + 1, count))
            {
                return new Lease(this, client);
            }
        }
    }

    /// <summary>Requests held now by <paramref name="client"/>.</summary>
    public int Held(string client) => _held.GetValueOrDefault(client);

    private void Exit(string client)
    {
        while (true)
        {
            var count = _held[client];
            if (count == 1 ? _held.TryRemove(new KeyValuePair<string, int>(client, 1)) : _held.TryUpdate(client, count - 1, count))
            {
                return;
            }
        }
    }

    private sealed class Lease(HeldRequestLimiter owner, string client) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Exit(client);
            }
        }
    }
}
