using System.Collections.Concurrent;

namespace LiveServer.HubLoad;

/// <summary>
/// What one load process's viewers saw, filled by their event handlers (SignalR runs a connection's
/// handlers one at a time, so per-viewer slots need no lock; shared figures use interlocked updates).
/// </summary>
internal sealed class ViewerStats(int viewers, int maxMessages)
{
    private readonly long[] _lastArrival = new long[maxMessages];
    private readonly int[] _received = new int[maxMessages];
    private readonly long[] _reactionSum = new long[viewers];
    private readonly long[] _reactionEvents = new long[viewers];
    private readonly ConcurrentDictionary<string, PollSightings> _polls = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _closeReasons = new();
    private long _foreignChat;
    private long _webSocketMessages;
    private long _records;
    private int _closed;

    /// <summary>Chat: arrival − the sender's stamp, over every (message, viewer).</summary>
    public LatencyHistogram ChatFromSend { get; } = new();

    /// <summary>Chat: arrival − the event's <c>at</c> (stamped by the server when it took the message).</summary>
    public LatencyHistogram ChatFromServer { get; } = new();

    /// <summary>Reactions: arrival − the event's <c>at</c> (when the server counted them and queued the push).</summary>
    public LatencyHistogram ReactionsFromServer { get; } = new();

    /// <summary>Viewers whose connection closed while the run still wanted it.</summary>
    public int Closed => Volatile.Read(ref _closed);

    /// <summary>A bench chat message arrived at <paramref name="now"/> (UTC ticks).</summary>
    public void Chat(long now, int number, long sent, long at)
    {
        if ((uint)number >= (uint)_received.Length)
        {
            ForeignChat();
            return;
        }

        ChatFromSend.Add(now - sent);
        if (at != 0)
        {
            ChatFromServer.Add(now - at);
        }

        Interlocked.Increment(ref _received[number]);
        LatencyHistogram.InterlockedMax(ref _lastArrival[number], now);
    }

    /// <summary>A light viewer read one WebSocket message holding <paramref name="records"/> SignalR records (the server batches when a viewer is behind).</summary>
    public void WebSocketMessage(int records)
    {
        Interlocked.Increment(ref _webSocketMessages);
        Interlocked.Add(ref _records, records);
    }

    /// <summary>A <c>pubsubMessage</c> that is not the bench's chat (a warm-up message, …).</summary>
    public void ForeignChat() => Interlocked.Increment(ref _foreignChat);

    /// <summary>A <c>reactions</c> event counting <paramref name="sum"/> reactions arrived.</summary>
    public void Reactions(int viewer, long now, long at, long sum)
    {
        if (at != 0)
        {
            ReactionsFromServer.Add(now - at);
        }

        _reactionEvents[viewer]++;
        _reactionSum[viewer] += sum;
    }

    /// <summary>A <c>pollUpdated</c> event with <paramref name="total"/> votes arrived.</summary>
    public void PollUpdated(int viewer, string pollId, long total, long now)
    {
        var sightings = _polls.GetOrAdd(pollId, _ => new PollSightings(viewers));
        if (total > sightings.MaxTotal[viewer])
        {
            sightings.MaxTotal[viewer] = total;
            sightings.ReachedAt[viewer] = now;
        }
    }

    public void ConnectionClosed(Exception? error)
    {
        Interlocked.Increment(ref _closed);
        if (_closeReasons.Count < 5)
        {
            _closeReasons.Enqueue(error?.GetType().Name + ": " + error?.Message);
        }
    }

    public WorkerReport Report(int connected, double cpuSeconds) => new(
        connected,
        Closed,
        [.. _closeReasons],
        Interlocked.Read(ref _foreignChat),
        Interlocked.Read(ref _webSocketMessages),
        Interlocked.Read(ref _records),
        ChatFromSend.ToData(),
        ChatFromServer.ToData(),
        ReactionsFromServer.ToData(),
        [.. _received],
        [.. _lastArrival],
        [.. _reactionSum],
        [.. _reactionEvents],
        _polls.ToDictionary(p => p.Key, p => new PollReport([.. p.Value.MaxTotal], [.. p.Value.ReachedAt]), StringComparer.Ordinal),
        cpuSeconds);

    private sealed class PollSightings(int viewers)
    {
        public long[] MaxTotal { get; } = new long[viewers];

        public long[] ReachedAt { get; } = new long[viewers];
    }
}
