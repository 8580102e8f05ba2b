using LiveServer.Api.Hosting;
using LiveServer.Domain.Rooms;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveServer.Api.Interactive;

/// <summary>
/// Virtual gifts over REST, for the audience (viewers, hosts and moderators, each for its own room):
/// the catalogue <c>GET /v2/rooms/{roomId}/gifts/catalogue</c>, sending <c>POST /v2/rooms/{roomId}/gifts
/// {giftId, to}</c>, and the room's leaderboard <c>GET …/gifts/leaderboard?limit=</c>.
/// </summary>
public static class GiftsApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapGiftsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/rooms/{roomId}/gifts/catalogue", Catalogue).WithTags("Gifts");
        app.MapPost("/v2/rooms/{roomId}/gifts", SendAsync).WithTags("Gifts");
        app.MapGet("/v2/rooms/{roomId}/gifts/leaderboard", LeaderboardAsync).WithTags("Gifts");
        return app;
    }

    /// <summary>The gifts that may be sent (<c>Interactive:Gifts</c>), in their configured order; 404 room.</summary>
    public static Results<Ok<GiftCatalogueResponse>, ProblemHttpResult> Catalogue(string roomId, RoomRegistry rooms, GiftService gifts) =>
        rooms.Find(roomId) is null
            ? Problems.NotFound("roomId", $"Room '{roomId}' does not exist.")
            : TypedResults.Ok(new GiftCatalogueResponse(roomId, gifts.Catalogue));

    /// <summary>
    /// Sends a gift: 200 with it (and its <c>seq</c>), stored and pushed as <c>giftSent</c>; 400 giftId
    /// or to (to yourself too), 404 room, giftId or to (not a host or hub viewer of the room), 429 with Retry-After.
    /// </summary>
    public static async Task<Results<Ok<GiftSentMessage>, ValidationProblem, ProblemHttpResult>> SendAsync(
        string roomId, SendGiftRequest request, GiftService gifts, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        switch (await gifts.SendAsync(roomId, request.GiftId, request.To, http.User, cancellationToken).ConfigureAwait(false))
        {
            case GiftOutcome.Sent(var gift):
                return TypedResults.Ok(gift);
            case GiftOutcome.Invalid(var field, var detail):
                return Problems.Invalid(new Dictionary<string, string[]> { [field] = [detail] });
            case GiftOutcome.NotFound(var field, var detail):
                return Problems.NotFound(field, detail);
            case GiftOutcome.Limited(var retryAfter, var detail):
                http.Response.Headers.RetryAfter = SenderBuckets.Header(retryAfter);
                return Problems.TooMany(detail);
            case var outcome:
                throw new System.Diagnostics.UnreachableException($"Unknown outcome {outcome}.");
        }
    }

    /// <summary>The room's recipients by the total value of their gifts, largest first, at most <paramref name="limit"/> (1–100, 10); 404 room.</summary>
    public static async Task<Results<Ok<GiftLeaderboardResponse>, ValidationProblem, ProblemHttpResult>> LeaderboardAsync(
        string roomId, GiftService gifts, CancellationToken cancellationToken, int limit = 10)
    {
        if (limit is < 1 or > GiftService.MaxLeaderboard)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {GiftService.MaxLeaderboard}."] });
        }

        return await gifts.LeaderboardAsync(roomId, limit, cancellationToken).ConfigureAwait(false) is { } entries
            ? TypedResults.Ok(new GiftLeaderboardResponse(roomId, entries))
            : Problems.NotFound("roomId", $"Room '{roomId}' does not exist.");
    }
}

/// <summary>The body of <c>POST /v2/rooms/{roomId}/gifts</c>.</summary>
/// <param name="GiftId">A gift of the catalogue.</param>
/// <param name="To">The recipient's participant id: a host of the room, or a viewer that joined its hub; not the sender.</param>
public sealed record SendGiftRequest(string? GiftId, string? To);

/// <summary>The answer of <c>GET /v2/rooms/{roomId}/gifts/catalogue</c>.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="Gifts">The gifts, each <c>{id, name, value}</c>.</param>
public sealed record GiftCatalogueResponse(string RoomId, IReadOnlyList<GiftDefinition> Gifts);

/// <summary>The answer of <c>GET /v2/rooms/{roomId}/gifts/leaderboard</c>.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="Entries">Recipients, largest total first.</param>
public sealed record GiftLeaderboardResponse(string RoomId, IReadOnlyList<GiftLeaderboardEntry> Entries);

/// <summary>One recipient of a room's leaderboard.</summary>
/// <param name="ParticipantId">The recipient.</param>
/// <param name="Name">Its display name when it last got a gift (a host's name, a viewer token's <c>name</c>), if known.</param>
/// <param name="Total">The sum of its gifts' values.</param>
/// <param name="Gifts">How many gifts it got.</param>
public sealed record GiftLeaderboardEntry(string ParticipantId, string? Name, long Total, long Gifts);
