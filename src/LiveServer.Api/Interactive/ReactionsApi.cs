using LiveServer.Api.Auth;
using LiveServer.Api.Hosting;
using LiveServer.Domain.Rooms;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveServer.Api.Interactive;

/// <summary>
/// <c>POST /v2/rooms/{roomId}/reactions {type}</c>: a viewer's (or host's, or moderator's) reaction,
/// counted and pushed with the room's others as <c>reactions</c> (see <see cref="ReactionCounter"/>).
/// </summary>
public static class ReactionsApi
{
    /// <summary>Maps the endpoint (in a group that carries the audience policy and the room scope).</summary>
    public static IEndpointRouteBuilder MapReactionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/rooms/{roomId}/reactions", React).WithTags("Audience");
        return app;
    }

    /// <summary>Counts one reaction: 202; 400 for a type that is not configured, 404 unknown room, 429 beyond the sender's rate.</summary>
    public static Results<Accepted<ReactionResponse>, ValidationProblem, ProblemHttpResult> React(
        string roomId, ReactionRequest request, RoomRegistry rooms, ReactionCounter counter, HttpContext http)
    {
        if (request.Type is not { } type || !counter.IsKnown(type))
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["type"] = [$"type must be one of {string.Join(", ", counter.Types)}."] });
        }

        if (rooms.Find(roomId) is null)
        {
            return Problems.NotFound("roomId", $"Room '{roomId}' does not exist.");
        }

        var identity = http.User.RestrictedParticipant() ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!counter.TryAdd(roomId, type, identity))
        {
            http.Response.Headers.RetryAfter = "1";
            return Problems.TooMany("Too many reactions from this sender; at most Interactive:ReactionsPerSecond a second.");
        }

        return TypedResults.Accepted((string?)null, new ReactionResponse(roomId, type));
    }
}

/// <summary>The body of <c>POST /v2/rooms/{roomId}/reactions</c>.</summary>
/// <param name="Type">One of the configured types (heart, clap, laugh, wow, fire, thumbsup by default).</param>
public sealed record ReactionRequest(string? Type);

/// <summary>What a reaction answers.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="Type">The reaction counted.</param>
public sealed record ReactionResponse(string RoomId, string Type);
