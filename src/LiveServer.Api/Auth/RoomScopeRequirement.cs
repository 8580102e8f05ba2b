using Microsoft.AspNetCore.Authorization;

namespace LiveServer.Api.Auth;

/// <summary>
/// A token restricted by <c>roomId</c> or <c>participantId</c> only passes on routes whose room and
/// participant values (the parameters <see cref="RoomScopedAttribute"/> names, <c>{roomId}</c> and
/// <c>{participantId}</c> by default, when the route has them) are the same. Endpoints carrying
/// <see cref="AllowAnyRoomAttribute"/> are not held to their route.
/// </summary>
public sealed class RoomScopeRequirement : AuthorizationHandler<RoomScopeRequirement>, IAuthorizationRequirement
{
    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoomScopeRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.Resource as HttpContext;
        var metadata = http?.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<AllowAnyRoomAttribute>() is not null)
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        var scope = metadata?.GetMetadata<RoomScopedAttribute>() ?? new RoomScopedAttribute();
        var values = http?.Request.RouteValues;
        var room = values?[scope.RoomParameter] as string;
        var participant = values?[scope.ParticipantParameter] as string;
        if ((room is null || context.User.AllowsRoom(room)) && (participant is null || context.User.AllowsParticipant(participant)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
