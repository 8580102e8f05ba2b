using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Rooms;

/// <summary>
/// Writes a room's events to the hub connections that joined it. The events of one batch are
/// serialized once, as consecutive SignalR invocation records (the protocol's record separator lets
/// one write carry several), and each connection gets them in one write, so a burst of chat costs a
/// socket send per viewer, not one per message. Writes never wait for a client: a connection whose
/// earlier write is still unflushed after <see cref="SlowConsumerTimeout"/> is aborted rather than
/// buffered for without bound, and until then its writes queue in order behind that one.
/// </summary>
public sealed class RoomFanout : IRoomFanout
{
    /// <summary>How long a connection may leave a write unflushed before it is dropped.</summary>
    public static readonly TimeSpan SlowConsumerTimeout = TimeSpan.FromSeconds(10);

    private readonly JsonHubProtocol _protocol;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Viewer> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Viewer>> _rooms = new(StringComparer.Ordinal);
    private long _dropped;

    /// <summary>Creates the fan-out with the hub's JSON protocol options (the only protocol the server speaks).</summary>
    public RoomFanout(IOptions<JsonHubProtocolOptions> json, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(json);
        _protocol = new JsonHubProtocol(json);
        _time = time;
    }

    /// <summary>Connections dropped because they did not keep up.</summary>
    public long SlowConsumersDropped => Interlocked.Read(ref _dropped);

    /// <summary>Notes an open connection (from <see cref="RoomsHubLifetimeManager"/>).</summary>
    public void Connected(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connections[connection.ConnectionId] = new Viewer(connection);
    }

    /// <summary>Forgets a closed connection and its rooms.</summary>
    public void Disconnected(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out _))
        {
            foreach (var room in _rooms.Values)
            {
                room.TryRemove(connectionId, out _);
            }
        }
    }

    /// <summary>From now on the connection gets the room's events.</summary>
    public void Join(string roomId, string connectionId)
    {
        if (_connections.TryGetValue(connectionId, out var viewer))
        {
            _rooms.GetOrAdd(roomId, _ => new ConcurrentDictionary<string, Viewer>(StringComparer.Ordinal))[connectionId] = viewer;
        }
    }

    /// <summary>The connection no longer gets the room's events.</summary>
    public void Leave(string roomId, string connectionId)
    {
        if (_rooms.TryGetValue(roomId, out var room))
        {
            room.TryRemove(connectionId, out _);
        }
    }

    /// <inheritdoc />
    public void Send(string roomId, IReadOnlyList<(string Method, object Message)> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0 || !_rooms.TryGetValue(roomId, out var room) || room.IsEmpty)
        {
            return;
        }

        var records = new ArrayBufferWriter<byte>();
        foreach (var (method, message) in events)
        {
            _protocol.WriteMessage(new InvocationMessage(method, [message]), records);
        }

        var serialized = new SerializedHubMessage([new SerializedMessage(_protocol.Name, records.WrittenMemory)]);
        var now = _time.GetTimestamp();
        foreach (var viewer in room.Values)
        {
            if (viewer.IsStalled(now, _time))
            {
                Interlocked.Increment(ref _dropped);
                viewer.Connection.Abort();
                continue;
            }

            viewer.Write(serialized, now);
        }
    }

    /// <summary>A connection and its writes not yet flushed, oldest first.</summary>
    private sealed class Viewer(HubConnectionContext connection)
    {
        private readonly Queue<(Task Write, long Since)> _unflushed = new();

        public HubConnectionContext Connection { get; } = connection;

        /// <summary>True when its oldest unflushed write is older than <see cref="SlowConsumerTimeout"/>.</summary>
        public bool IsStalled(long now, TimeProvider time)
        {
            lock (_unflushed)
            {
                while (_unflushed.TryPeek(out var oldest) && oldest.Write.IsCompleted)
                {
                    _unflushed.Dequeue();
                }

                return _unflushed.TryPeek(out var stalled) && time.GetElapsedTime(stalled.Since, now) > SlowConsumerTimeout;
            }
        }

        public void Write(SerializedHubMessage message, long now)
        {
            // Writes to one connection queue behind its write lock in call order, so events stay in order.
            var write = Connection.WriteAsync(message, CancellationToken.None);
            if (write.IsCompletedSuccessfully)
            {
                return;
            }

            var task = write.AsTask();
            _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            lock (_unflushed)
            {
                _unflushed.Enqueue((task, now));
            }
        }
    }
}
