using Microsoft.AspNetCore.Authorization;

namespace LiveServer.Api.Auth;

/// <summary>
/// A token restricted by <c>roomId</c> or <c>participantId</c> only passes on routes whose
/// <c>{roomId}</c> and <c>{participantId}</c> values (when the route has them) are the same.
/// </summary>
public sealed class RoomScopeRequirement : AuthorizationHandler<RoomScopeRequirement>, IAuthorizationRequirement
{
    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoomScopeRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        var values = (context.Resource as HttpContext)?.Request.RouteValues;
        var room = values?["roomId"] as string;
        var participant = values?["participantId"] as string;
        if ((room is null || context.User.AllowsRoom(room)) && (participant is null || context.User.AllowsParticipant(participant)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
