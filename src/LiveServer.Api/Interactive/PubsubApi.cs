using LiveServer.Api.Auth;
using LiveServer.Api.Hosting;
using LiveServer.Domain.Rooms;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveServer.Api.Interactive;

/// <summary>
/// Pubsub over REST (the hub's <c>Publish</c> is the same): <c>POST /v2/rooms/{roomId}/pubsub/{topic}
/// {message, persist}</c>, the topic's persisted history <c>GET …/pubsub/{topic}?since=&amp;limit=</c>,
/// and for moderators <c>DELETE …/pubsub/{topic}/{messageId}</c>, <c>POST /v2/rooms/{roomId}/bans
/// {participantId}</c>, <c>GET …/bans</c> and <c>DELETE …/bans/{participantId}</c>. Mapped in the audience
/// group: viewers, hosts and moderators, each for its own room.
/// </summary>
public static class PubsubApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapPubsubApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/rooms/{roomId}/pubsub/{topic}", PublishAsync).WithTags("Audience");
        app.MapGet("/v2/rooms/{roomId}/pubsub/{topic}", HistoryAsync).WithTags("Audience");
        app.MapDelete("/v2/rooms/{roomId}/pubsub/{topic}/{messageId}", DeleteAsync).WithTags("Audience");
        app.MapPost("/v2/rooms/{roomId}/bans", BanAsync).WithTags("Audience");
        app.MapGet("/v2/rooms/{roomId}/bans", ListBansAsync).WithTags("Audience");
        app.MapDelete("/v2/rooms/{roomId}/bans/{participantId}", UnbanAsync).WithTags("Audience");
        return app;
    }

    /// <summary>Publishes a message: 200 with it (and its <c>seq</c>); 400 topic or message, 404 room, 429 with Retry-After.</summary>
    public static async Task<Results<Ok<PubsubMessage>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        string roomId, string topic, PublishRequest request, PubsubService pubsub, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        var outcome = await pubsub.PublishAsync(
            roomId, topic, request.Message, request.Persist, http.User, RequestLimits.ClientOf(http), cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case PublishOutcome.Published(var message):
                return TypedResults.Ok(message);
            case PublishOutcome.Invalid(var field, var detail):
                return Problems.Invalid(new Dictionary<string, string[]> { [field] = [detail] });
            case PublishOutcome.RoomNotFound:
                return Problems.NotFound("roomId", $"Room '{roomId}' does not exist.");
            case PublishOutcome.Limited(var retryAfter, var detail):
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Problems.TooMany(detail);
            case PublishOutcome.Banned:
                return Forbidden();
            default:
                throw new System.Diagnostics.UnreachableException($"Unknown outcome {outcome}.");
        }
    }

    /// <summary>The topic's persisted messages with <c>seq</c> above <paramref name="since"/>, oldest first, at most <paramref name="limit"/> (1–1000, 50).</summary>
    public static async Task<Results<Ok<PubsubHistoryResponse>, ValidationProblem, ProblemHttpResult>> HistoryAsync(
        string roomId, string topic, RoomRegistry rooms, PubsubService pubsub, CancellationToken cancellationToken, long since = 0, int limit = 50)
    {
        var errors = new Dictionary<string, string[]>();
        if (PubsubService.TopicError(topic) is { } topicError)
        {
            errors["topic"] = [topicError];
        }

        if (since < 0)
        {
            errors["since"] = ["since must be 0 or more."];
        }

        if (limit is < 1 or > PubsubService.MaxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {PubsubService.MaxLimit}."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (rooms.Find(roomId) is null)
        {
            return Problems.NotFound("roomId", $"Room '{roomId}' does not exist.");
        }

        var messages = await pubsub.HistoryAsync(roomId, topic, since, limit, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new PubsubHistoryResponse(roomId, topic, messages));
    }

    /// <summary>Moderators: deletes a persisted message and pushes <c>messageDeleted</c>; 404 when the topic has no such persisted message.</summary>
    public static async Task<Results<Ok<MessageDeletedMessage>, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        string roomId, string topic, string messageId, RoomRegistry rooms, PubsubService pubsub, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!http.User.MayModerate())
        {
            return Forbidden();
        }

        if (PubsubService.TopicError(topic) is { } topicError)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["topic"] = [topicError] });
        }

        if (rooms.Find(roomId) is null)
        {
            return Problems.NotFound("roomId", $"Room '{roomId}' does not exist.");
        }

        return await pubsub.DeleteAsync(roomId, topic, messageId, cancellationToken).ConfigureAwait(false) is { } deleted
            ? TypedResults.Ok(deleted)
            : Problems.NotFound("messageId", $"Topic '{topic}' of room '{roomId}' has no persisted message '{messageId}'.");
    }

    /// <summary>
    /// Moderators: bans a participant from the room (stored, <c>participantBanned</c> pushed, its hub
    /// connections closed, its WHIP session ended when it is on stage; from then on its tokens are
    /// refused in the room with 403, WHIP included).
    /// </summary>
    public static async Task<Results<Ok<RoomBanResponse>, ValidationProblem, ProblemHttpResult>> BanAsync(
        string roomId, RoomBanRequest request, RoomRegistry rooms, RoomBans bans, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        if (!http.User.MayModerate())
        {
            return Forbidden();
        }

        if (request.ParticipantId is not { Length: > 0 and <= 200 } participantId || string.IsNullOrWhiteSpace(participantId))
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["participantId"] = ["participantId must be 1 to 200 characters."] });
        }

        if (rooms.Find(roomId) is null)
        {
            return Problems.NotFound("roomId", $"Room '{roomId}' does not exist.");
        }

        var (ban, closed, leftStage) = await bans.BanAsync(roomId, participantId, PubsubSender.Of(http.User).Id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new RoomBanResponse(ban.RoomId, ban.ParticipantId, ban.BannedAt, ban.BannedBy, closed, leftStage));
    }

    /// <summary>Moderators: the room's bans, oldest first.</summary>
    public static async Task<Results<Ok<RoomBanListResponse>, ProblemHttpResult>> ListBansAsync(
        string roomId, RoomRegistry rooms, RoomBans bans, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!http.User.MayModerate())
        {
            return Forbidden();
        }

        if (rooms.Find(roomId) is null)
        {
            return Problems.NotFound("roomId", $"Room '{roomId}' does not exist.");
        }

        var list = await bans.ListAsync(roomId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new RoomBanListResponse(roomId, [.. list.Select(b => new RoomBanEntry(b.ParticipantId, b.BannedAt, b.BannedBy))]));
    }

    /// <summary>Moderators: lifts a ban (row deleted, <c>participantUnbanned</c> pushed): 204; 404 when the room or the ban does not exist.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> UnbanAsync(
        string roomId, string participantId, RoomRegistry rooms, RoomBans bans, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!http.User.MayModerate())
        {
            return Forbidden();
        }

        if (rooms.Find(roomId) is null)
        {
            return Problems.NotFound("roomId", $"Room '{roomId}' does not exist.");
        }

        return await bans.UnbanAsync(roomId, participantId, cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : Problems.NotFound("participantId", $"Participant '{participantId}' is not banned from room '{roomId}'.");
    }

    private static ProblemHttpResult Forbidden() =>
        TypedResults.Problem(detail: "The access token does not allow this request.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.");
}

/// <summary>The body of <c>POST /v2/rooms/{roomId}/pubsub/{topic}</c>.</summary>
/// <param name="Message">The text, 1–500 characters after trimming; text, never markup.</param>
/// <param name="Persist">True: kept, and listed by the topic's history.</param>
public sealed record PublishRequest(string? Message, bool Persist = false);

/// <summary>The answer of <c>GET /v2/rooms/{roomId}/pubsub/{topic}</c>.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="Topic">The topic.</param>
/// <param name="Data">Its persisted messages, oldest first; a client that got <c>limit</c> asks again from the last <c>seq</c>.</param>
public sealed record PubsubHistoryResponse(string RoomId, string Topic, IReadOnlyList<PubsubMessage> Data);

/// <summary>The body of <c>POST /v2/rooms/{roomId}/bans</c>.</summary>
/// <param name="ParticipantId">The participant to ban.</param>
public sealed record RoomBanRequest(string? ParticipantId);

/// <summary>What a ban answers.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="ParticipantId">The banned participant.</param>
/// <param name="BannedAt">When it was (first) banned.</param>
/// <param name="BannedBy">The moderator's participant id, or <c>moderator</c>.</param>
/// <param name="ClosedConnections">Hub connections of the participant that were closed.</param>
/// <param name="LeftStage">True when the participant was on stage (a host or an invited viewer) and its source was stopped.</param>
public sealed record RoomBanResponse(string RoomId, string ParticipantId, DateTimeOffset BannedAt, string BannedBy, int ClosedConnections, bool LeftStage);

/// <summary>The answer of <c>GET /v2/rooms/{roomId}/bans</c>.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="Data">Its bans, oldest first.</param>
public sealed record RoomBanListResponse(string RoomId, IReadOnlyList<RoomBanEntry> Data);

/// <summary>One ban of a room.</summary>
/// <param name="ParticipantId">The banned participant.</param>
/// <param name="BannedAt">When it was banned.</param>
/// <param name="BannedBy">The moderator's participant id, or <c>moderator</c>.</param>
public sealed record RoomBanEntry(string ParticipantId, DateTimeOffset BannedAt, string BannedBy);
