using System.Collections.Concurrent;
using LiveServer.Api.Rooms;

namespace LiveServer.Api.Interactive;

/// <summary>
/// Who watches a room: hub connections that joined it, and HLS players, counted from their playlist
/// requests over the last <see cref="PlayerWindow"/> (a player reloads its playlist every part or
/// segment). A viewer is a client (remote address and User-Agent), so a watch page that both joins
/// the hub and plays the HLS counts once. Every second, a room whose count changed gets
/// <c>viewerCount {roomId, count, hub, players}</c>; <c>GET /v2/rooms/{roomId}</c> shows the count.
/// </summary>
public sealed class ViewerCounter(RoomNotifier notifier, TimeProvider time) : BackgroundService
{
    /// <summary>How long a player counts after its last playlist request.</summary>
    public static readonly TimeSpan PlayerWindow = TimeSpan.FromSeconds(10);

    /// <summary>How often counts are looked at (and pushed when changed): at most once a second.</summary>
    public static readonly TimeSpan PushInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, RoomViewers> _rooms = new(StringComparer.Ordinal);

    /// <summary>A player of the room asked for a playlist.</summary>
    public void PlaylistRequested(string roomId, string client) => Room(roomId).Players[client] = time.GetTimestamp();

    /// <summary>A hub connection joined the room.</summary>
    public void HubJoined(string roomId, string connectionId, string client)
    {
        var room = Room(roomId);
        lock (room)
        {
            if (room.Hub.TryGetValue(connectionId, out var previous))
            {
                room.Release(previous);
            }

            room.Hub[connectionId] = client;
            room.Clients[client] = room.Clients.GetValueOrDefault(client) + 1;
        }
    }

    /// <summary>A hub connection left the room (or disconnected).</summary>
    public void HubLeft(string roomId, string connectionId)
    {
        if (_rooms.TryGetValue(roomId, out var room))
        {
            room.Leave(connectionId);
        }
    }

    /// <summary>A hub connection closed: it leaves every room it was in.</summary>
    public void HubDisconnected(string connectionId)
    {
        foreach (var room in _rooms.Values)
        {
            room.Leave(connectionId);
        }
    }

    /// <summary>
    /// The room's viewers now: distinct clients on the hub or playing. The hub's clients are counted
    /// as they join and leave, so this costs the players, not the hub connections (a join storm of
    /// thousands stays linear).
    /// </summary>
    public ViewerCount Count(string roomId)
    {
        if (!_rooms.TryGetValue(roomId, out var room))
        {
            return new ViewerCount(0, 0, 0);
        }

        lock (room)
        {
            var players = 0;
            var playersOnly = 0;
            foreach (var (client, seen) in room.Players)
            {
                if (time.GetElapsedTime(seen) <= PlayerWindow)
                {
                    players++;
                    playersOnly += room.Clients.ContainsKey(client) ? 0 : 1;
                }
            }

            return new ViewerCount(room.Clients.Count + playersOnly, room.Hub.Count, players);
        }
    }

    /// <summary>Forgets players gone quiet and pushes the counts that changed.</summary>
    internal async Task PushChangesAsync(CancellationToken cancellationToken)
    {
        foreach (var (roomId, room) in _rooms)
        {
            foreach (var (client, seen) in room.Players)
            {
                if (time.GetElapsedTime(seen) > PlayerWindow)
                {
                    room.Players.TryRemove(new KeyValuePair<string, long>(client, seen));
                }
            }

            var count = Count(roomId);
            if (count != room.LastPushed)
            {
                room.LastPushed = count;
                await notifier.PublishAsync(
                    "viewerCount", new ViewerCountMessage(roomId, count.Count, count.Hub, count.Players, time.GetUtcNow()), null, null, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PushInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await PushChangesAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private RoomViewers Room(string roomId) => _rooms.GetOrAdd(roomId, _ => new RoomViewers());

    private sealed class RoomViewers
    {
        public ConcurrentDictionary<string, long> Players { get; } = new(StringComparer.Ordinal);

        /// <summary>Hub connection → its client (address + User-Agent); under the room's lock.</summary>
        public Dictionary<string, string> Hub { get; } = new(StringComparer.Ordinal);

        /// <summary>Client → how many of its hub connections are in the room; under the room's lock.</summary>
        public Dictionary<string, int> Clients { get; } = new(StringComparer.Ordinal);

        public ViewerCount LastPushed { get; set; } = new(0, 0, 0);

        public void Leave(string connectionId)
        {
            lock (this)
            {
                if (Hub.Remove(connectionId, out var client))
                {
                    Release(client);
                }
            }
        }

        /// <summary>One connection of <paramref name="client"/> fewer; under the room's lock.</summary>
        public void Release(string client)
        {
            if (Clients.TryGetValue(client, out var connections) && connections > 1)
            {
                Clients[client] = connections - 1;
            }
            else
            {
                Clients.Remove(client);
            }
        }
    }
}

/// <summary>A room's viewers.</summary>
/// <param name="Count">Distinct clients watching (hub or player).</param>
/// <param name="Hub">Hub connections in the room.</param>
/// <param name="Players">HLS players seen in the last 10 s.</param>
public sealed record ViewerCount(int Count, int Hub, int Players);

/// <summary>The payload of <c>viewerCount</c>.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="Count">Distinct clients watching.</param>
/// <param name="Hub">Hub connections in the room.</param>
/// <param name="Players">HLS players seen in the last 10 s.</param>
/// <param name="At">When it was counted.</param>
public sealed record ViewerCountMessage(string RoomId, int Count, int Hub, int Players, DateTimeOffset At) : RoomEventMessage(RoomId, At);
