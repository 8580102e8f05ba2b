using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace LiveServer.Domain.Rooms;

/// <summary>All rooms of this server, in memory.</summary>
public sealed partial class RoomRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);

    /// <summary>Every room.</summary>
    public IReadOnlyCollection<Room> Rooms => [.. _rooms.Values];

    /// <summary>
    /// Creates a room with the caller's id, or a generated one (<c>abcd-efgh-ijkl</c>).
    /// </summary>
    public RoomCreation Create(string? customRoomId)
    {
        if (customRoomId is not null && !RoomIdPattern().IsMatch(customRoomId))
        {
            return RoomCreation.Invalid(
                "customRoomId must be 1 to 64 characters of letters, digits, '-' or '_'.");
        }

        var id = customRoomId ?? NewRoomId();
        var room = new Room(id, time.GetUtcNow());
        return _rooms.TryAdd(id, room) ? RoomCreation.Created(room) : RoomCreation.Conflict(id);
    }

    /// <summary>Puts back a room that was stored (after a restart); false when one with its id is here.</summary>
    public bool Restore(string id, DateTimeOffset createdAt) => _rooms.TryAdd(id, new Room(id, createdAt));

    /// <summary>Looks a room up by id.</summary>
    public Room? Find(string roomId) => _rooms.GetValueOrDefault(roomId);

    private static string NewRoomId()
    {
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        Span<char> id = stackalloc char[14];
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = i is 4 or 9 ? '-' : letters[RandomNumberGenerator.GetInt32(letters.Length)];
        }

        return new string(id);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}\\z")]
    private static partial Regex RoomIdPattern();
}
