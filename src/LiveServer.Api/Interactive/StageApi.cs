using LiveServer.Api.Hosting;
using LiveServer.Api.Livestreams;
using LiveServer.Domain.Rooms;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveServer.Api.Interactive;

/// <summary>
/// The stage over REST, for moderators (the <c>api</c> group; the hub's <c>InviteToStage</c> and
/// <c>RemoveFromStage</c> are the same): <c>GET /v2/rooms/{roomId}/stage/requests</c> (raised hands),
/// <c>POST …/stage/invite {participantId}</c> (answers the invite with its token: the caller is a
/// moderator, who may hand it on) and <c>POST …/stage/{participantId}/remove</c>.
/// </summary>
public static class StageApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapStageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/rooms/{roomId}/stage/requests", Requests).WithTags("Stage");
        app.MapPost("/v2/rooms/{roomId}/stage/invite", InviteAsync).WithTags("Stage");
        app.MapPost("/v2/rooms/{roomId}/stage/{participantId}/remove", RemoveAsync).WithTags("Stage");
        return app;
    }

    /// <summary>The room's raised hands, oldest first; 404 room.</summary>
    public static Results<Ok<StageRequestsResponse>, ProblemHttpResult> Requests(string roomId, RoomRegistry rooms, StageService stage) =>
        rooms.Find(roomId) is null
            ? Problems.NotFound("roomId", $"Room '{roomId}' does not exist.")
            : TypedResults.Ok(new StageRequestsResponse(roomId, stage.Requests(roomId)));

    /// <summary>
    /// Invites a viewer connected to the room on stage: 200 with the invite (its token and WHIP URL);
    /// 400 participantId, 404 room or a viewer not connected, 409 on stage already or banned.
    /// </summary>
    public static async Task<Results<Ok<StageInvite>, ValidationProblem, ProblemHttpResult>> InviteAsync(
        string roomId, StageInviteRequest request, StageService stage, LivestreamService livestreams, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(livestreams);
        ArgumentNullException.ThrowIfNull(http);
        return await stage.InviteAsync(roomId, request.ParticipantId, livestreams.BaseUrlFor(http.Request), cancellationToken).ConfigureAwait(false) switch
        {
            StageOutcome.Invited(var invite) => TypedResults.Ok(invite),
            var other => Problem<StageInvite>(other),
        };
    }

    /// <summary>Takes a participant off the stage (its WHIP session ends): 200 with <c>stageRemoved</c>; 404 room or participant not on stage.</summary>
    public static async Task<Results<Ok<StageEventMessage>, ValidationProblem, ProblemHttpResult>> RemoveAsync(
        string roomId, string participantId, StageService stage, CancellationToken cancellationToken) =>
        await stage.RemoveAsync(roomId, participantId, cancellationToken).ConfigureAwait(false) switch
        {
            StageOutcome.Done(var removed) => TypedResults.Ok(removed),
            var other => Problem<StageEventMessage>(other),
        };

    private static Results<Ok<T>, ValidationProblem, ProblemHttpResult> Problem<T>(StageOutcome outcome) => outcome switch
    {
        StageOutcome.Invalid(var field, var detail) => Problems.Invalid(new Dictionary<string, string[]> { [field] = [detail] }),
        StageOutcome.NotFound(var field, var detail) => Problems.NotFound(field, detail),
        StageOutcome.Conflict(var field, var detail) => Problems.Conflict(field, detail),
        StageOutcome.Refused(var detail) => TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden."),
        _ => throw new System.Diagnostics.UnreachableException($"Unexpected outcome {outcome}."),
    };
}

/// <summary>The body of <c>POST /v2/rooms/{roomId}/stage/invite</c>.</summary>
/// <param name="ParticipantId">The viewer to invite: the participant id its hub connection's token names.</param>
public sealed record StageInviteRequest(string? ParticipantId);

/// <summary>The answer of <c>GET /v2/rooms/{roomId}/stage/requests</c>.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="Data">The raised hands, oldest first (each its <c>stageRequested</c> event).</param>
public sealed record StageRequestsResponse(string RoomId, IReadOnlyList<StageEventMessage> Data);
