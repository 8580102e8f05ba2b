using LiveServer.Domain.Rooms;

namespace LiveServer.Api.Interactive;

/// <summary>
/// Refuses (403) a banned participant's token on the audience's endpoints of the room it is banned
/// from (the route's <c>{roomId}</c>); unknown rooms are left to the endpoint (404).
/// </summary>
public sealed class RoomBanFilter(RoomRegistry rooms, RoomBans bans) : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (http.Request.RouteValues["roomId"] is string roomId && rooms.Find(roomId) is not null
            && await bans.RefusesAsync(roomId, http.User, http.RequestAborted).ConfigureAwait(false))
        {
            return TypedResults.Problem(
                detail: "The access token does not allow this request.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.");
        }

        return await next(context).ConfigureAwait(false);
    }
}
