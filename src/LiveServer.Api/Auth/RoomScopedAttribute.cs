using Microsoft.AspNetCore.Authorization;

namespace LiveServer.Api.Auth;

/// <summary>
/// Endpoint metadata: the endpoint acts on the room (and participant) its route names, so a token
/// restricted by <c>roomId</c>/<c>participantId</c> passes only when they match
/// (<see cref="RoomScopeRequirement"/>, which this metadata adds to the endpoint's authorization
/// whatever its policy). Put on with <see cref="RoomScopeConventions.RoomScoped{TBuilder}"/>, which
/// also adds <see cref="RoomScopeFilter"/> for rooms named in bodies and livestream ids. Every route
/// with a <c>{roomId}</c> carries this or <see cref="AllowAnyRoomAttribute"/>; a test enumerates them.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class RoomScopedAttribute : Attribute, IAuthorizationRequirementData
{
    /// <summary>The route parameter naming the room.</summary>
    public string RoomParameter { get; init; } = "roomId";

    /// <summary>The route parameter naming the participant.</summary>
    public string ParticipantParameter { get; init; } = "participantId";

    /// <inheritdoc />
    public IEnumerable<IAuthorizationRequirement> GetRequirements() => [new RoomScopeRequirement()];
}
