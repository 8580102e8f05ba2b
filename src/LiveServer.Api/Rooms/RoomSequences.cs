using System.Collections.Concurrent;

namespace LiveServer.Api.Rooms;

/// <summary>The last event number of every room; the next event of a room gets the next number.</summary>
public sealed class RoomSequences
{
    private readonly ConcurrentDictionary<string, long> _last = new(StringComparer.Ordinal);

    /// <summary>Sets a room's last number, as stored (at startup).</summary>
    public void Restore(string roomId, long lastSeq) => _last[roomId] = lastSeq;

    /// <summary>The room's newest event number (0 before its first event).</summary>
    public long Current(string roomId) => _last.GetValueOrDefault(roomId);

    /// <summary>Takes the room's next number.</summary>
    public long Next(string roomId) => _last.AddOrUpdate(roomId, 1, (_, last) => last + 1);
}
