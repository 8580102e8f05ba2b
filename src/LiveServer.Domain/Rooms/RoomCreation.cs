namespace LiveServer.Domain.Rooms;

/// <summary>The outcome of <see cref="RoomRegistry.Create"/>.</summary>
public sealed record RoomCreation(Room? Room, string? Error, bool IsConflict)
{
    /// <summary>The room was created.</summary>
    public static RoomCreation Created(Room room) => new(room, null, false);

    /// <summary>The id is not acceptable.</summary>
    public static RoomCreation Invalid(string error) => new(null, error, false);

    /// <summary>A room with that id exists already.</summary>
    public static RoomCreation Conflict(string id) => new(null, $"A room with id '{id}' exists already.", true);
}
