namespace LiveServer.Api.Auth;

/// <summary>
/// Endpoint metadata: the endpoint deliberately spans rooms, so a room-restricted token is not held
/// to the route's <c>{roomId}</c> (<see cref="RoomScopeRequirement"/> and <see cref="RoomScopeFilter"/>
/// let it through; the endpoint must then check what it shows). Put on with
/// <see cref="RoomScopeConventions.AllowAnyRoom{TBuilder}"/>; the explicit opt-out of <see cref="RoomScopedAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class AllowAnyRoomAttribute : Attribute;
