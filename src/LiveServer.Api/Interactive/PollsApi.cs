using LiveServer.Api.Auth;
using LiveServer.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveServer.Api.Interactive;

/// <summary>
/// Polls over REST. Moderators (the <c>api</c> group): <c>POST /v2/rooms/{roomId}/polls {question,
/// options, durationSec?}</c> and <c>POST …/polls/{pollId}/close</c>. The audience (viewers, hosts and
/// moderators, each for its own room): <c>POST …/polls/{pollId}/votes {optionId}</c>, <c>GET
/// …/polls/{pollId}</c> and <c>GET …/polls?status=open|closed</c>.
/// </summary>
public static class PollsApi
{
    /// <summary>Maps the moderators' endpoints (create, close).</summary>
    public static IEndpointRouteBuilder MapPollsModerationApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/rooms/{roomId}/polls", CreateAsync).WithTags("Polls");
        app.MapPost("/v2/rooms/{roomId}/polls/{pollId}/close", CloseAsync).WithTags("Polls");
        return app;
    }

    /// <summary>Maps the audience's endpoints (vote, get, list).</summary>
    public static IEndpointRouteBuilder MapPollsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/rooms/{roomId}/polls/{pollId}/votes", VoteAsync).WithTags("Polls");
        app.MapGet("/v2/rooms/{roomId}/polls/{pollId}", GetAsync).WithTags("Polls");
        app.MapGet("/v2/rooms/{roomId}/polls", ListAsync).WithTags("Polls");
        return app;
    }

    /// <summary>Opens a poll: 200 with it (<c>status: "open"</c>); 400 naming the field, 404 room.</summary>
    public static async Task<Results<Ok<PollView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string roomId, CreatePollRequest request, PollService polls, CancellationToken cancellationToken) =>
        Answer(await polls.CreateAsync(roomId, request, cancellationToken).ConfigureAwait(false));

    /// <summary>Closes a poll: 200 with its final counts; 404 room or poll, 409 already closed.</summary>
    public static async Task<Results<Ok<PollView>, ValidationProblem, ProblemHttpResult>> CloseAsync(
        string roomId, string pollId, PollService polls, CancellationToken cancellationToken) =>
        Answer(await polls.CloseAsync(roomId, pollId, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Votes, once per identity (the token's participant, or <c>moderator:</c> and the address for a token without one):
    /// 200 with the counts; 404 room, poll or option, 409 voted already or poll closed.
    /// </summary>
    public static async Task<Results<Ok<PollView>, ValidationProblem, ProblemHttpResult>> VoteAsync(
        string roomId, string pollId, VoteRequest request, PollService polls, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        var voterId = http.User.RestrictedParticipant() ?? "moderator:" + RequestLimits.ClientOf(http);
        return Answer(await polls.VoteAsync(roomId, pollId, request.OptionId, voterId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>A poll with its counts; 404 room or poll.</summary>
    public static async Task<Results<Ok<PollView>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string roomId, string pollId, PollService polls, CancellationToken cancellationToken) =>
        Answer(await polls.GetAsync(roomId, pollId, cancellationToken).ConfigureAwait(false));

    /// <summary>The room's polls, newest first; <paramref name="status"/> <c>open</c> or <c>closed</c> keeps only those.</summary>
    public static async Task<Results<Ok<PollListResponse>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string roomId, PollService polls, CancellationToken cancellationToken, string? status = null)
    {
        if (status is not (null or "open" or "closed"))
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["status"] = ["status must be open or closed."] });
        }

        return await polls.ListAsync(roomId, status, cancellationToken).ConfigureAwait(false) is { } list
            ? TypedResults.Ok(new PollListResponse(roomId, list))
            : Problems.NotFound("roomId", $"Room '{roomId}' does not exist.");
    }

    private static Results<Ok<PollView>, ValidationProblem, ProblemHttpResult> Answer(PollOutcome outcome) => outcome switch
    {
        PollOutcome.Done(var poll) => TypedResults.Ok(poll),
        PollOutcome.Invalid(var field, var detail) => Problems.Invalid(new Dictionary<string, string[]> { [field] = [detail] }),
        PollOutcome.NotFound(var field, var detail) => Problems.NotFound(field, detail),
        PollOutcome.Conflict(var field, var detail) => Problems.Conflict(field, detail),
        _ => throw new System.Diagnostics.UnreachableException($"Unknown outcome {outcome}."),
    };
}

/// <summary>The body of <c>POST /v2/rooms/{roomId}/polls</c>.</summary>
/// <param name="Question">1–300 characters.</param>
/// <param name="Options">2–10 options of 1–100 characters each; they get ids <c>a</c>, <c>b</c>, … in order.</param>
/// <param name="DurationSec">5–86400: the poll closes by itself then; none: until a moderator closes it.</param>
public sealed record CreatePollRequest(string? Question, IReadOnlyList<string?>? Options, int? DurationSec = null);

/// <summary>The body of <c>POST /v2/rooms/{roomId}/polls/{pollId}/votes</c>.</summary>
/// <param name="OptionId">The option chosen.</param>
public sealed record VoteRequest(string? OptionId);

/// <summary>The answer of <c>GET /v2/rooms/{roomId}/polls</c>.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="Data">Its polls, newest first.</param>
public sealed record PollListResponse(string RoomId, IReadOnlyList<PollView> Data);
