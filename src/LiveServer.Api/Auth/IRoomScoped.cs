namespace LiveServer.Api.Auth;

/// <summary>
/// A request body that names the room it acts on; on a <see cref="RoomScopedAttribute">room-scoped</see>
/// endpoint, <see cref="RoomScopeFilter"/> refuses it when a room-restricted token names another room.
/// </summary>
public interface IRoomScoped
{
    /// <summary>The room the request acts on; null or empty when it names none.</summary>
    string? RoomId { get; }
}
