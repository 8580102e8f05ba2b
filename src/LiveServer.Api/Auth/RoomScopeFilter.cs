using LiveServer.Api.Livestreams;
using LiveServer.Api.Rooms;
using LiveServer.Domain.Livestreams;

namespace LiveServer.Api.Auth;

/// <summary>
/// The body and id half of a token's <c>roomId</c> restriction on <see cref="RoomScopedAttribute">room-scoped</see>
/// endpoints (<see cref="RoomScopeRequirement"/> checks the route's <c>{roomId}</c>): a restricted token
/// may not name another room in a request body (<c>POST /v2/hls/start</c>, <c>/end</c>, <c>/capture</c>,
/// <c>POST /v2/rooms</c>, any <see cref="IRoomScoped"/> body), reach another room's livestream by its
/// <c>{id}</c>, or list livestreams beyond its room. Endpoints carrying <see cref="AllowAnyRoomAttribute"/> pass.
/// </summary>
public sealed class RoomScopeFilter(LivestreamRegistry livestreams) : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var user = context.HttpContext.User;
        if (user.RestrictedRoom() is null || context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<AllowAnyRoomAttribute>() is not null)
        {
            return await next(context).ConfigureAwait(false);
        }

        return NamedRooms(context).All(user.AllowsRoom)
            ? await next(context).ConfigureAwait(false)
            : TypedResults.Problem(
                detail: "The access token does not allow this request.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.");
    }

    private IEnumerable<string> NamedRooms(EndpointFilterInvocationContext context)
    {
        foreach (var argument in context.Arguments)
        {
            var room = argument switch
            {
                StartHlsRequest start => start.RoomId,
                EndHlsRequest end => end.RoomId,
                CaptureRequest capture => capture.RoomId,
                IRoomScoped scoped => scoped.RoomId,

                // A room created without a custom id gets a new id: outside any restriction.
                CreateRoomRequest create => create.CustomRoomId ?? string.Empty,
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(room) || argument is CreateRoomRequest)
            {
                yield return room!;
            }
        }

        var request = context.HttpContext.Request;
        if (request.RouteValues["id"] is string id && livestreams.Find(id) is { } livestream)
        {
            yield return livestream.RoomId;
        }

        // Listing livestreams without a roomId would show every room's.
        if (context.HttpContext.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: HlsApi.ListRoute })
        {
            yield return request.Query["roomId"].FirstOrDefault() ?? string.Empty;
        }
    }
}
