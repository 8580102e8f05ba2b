using LiveServer.Api.Auth;
using LiveServer.Api.Hosting;
using LiveServer.Api.Livestreams;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveServer.Api.Interactive;

/// <summary>
/// The Q&amp;A over REST. The audience (viewers, hosts and moderators, each for its own room):
/// <c>POST /v2/rooms/{roomId}/questions {text}</c>, <c>POST …/questions/{questionId}/upvotes</c> and
/// <c>GET …/questions?sort=top|new&amp;page=&amp;perPage=</c>. Moderators (the <c>api</c> group):
/// <c>POST …/questions/{questionId}/answer {answer?}</c> and <c>POST …/questions/{questionId}/hide</c>.
/// </summary>
public static class QuestionsApi
{
    /// <summary>Maps the audience's endpoints (ask, upvote, list).</summary>
    public static IEndpointRouteBuilder MapQuestionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/rooms/{roomId}/questions", AskAsync).WithTags("Q&A");
        app.MapPost("/v2/rooms/{roomId}/questions/{questionId}/upvotes", UpvoteAsync).WithTags("Q&A");
        app.MapGet("/v2/rooms/{roomId}/questions", ListAsync).WithTags("Q&A");
        return app;
    }

    /// <summary>Maps the moderators' endpoints (answer, hide).</summary>
    public static IEndpointRouteBuilder MapQuestionsModerationApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/rooms/{roomId}/questions/{questionId}/answer", AnswerAsync).WithTags("Q&A");
        app.MapPost("/v2/rooms/{roomId}/questions/{questionId}/hide", HideAsync).WithTags("Q&A");
        return app;
    }

    /// <summary>Asks a question: 200 with it (<c>status: "open"</c>); 400 text, 404 room, 429 with Retry-After.</summary>
    public static async Task<Results<Ok<QuestionView>, ValidationProblem, ProblemHttpResult>> AskAsync(
        string roomId, AskQuestionRequest request, QuestionService questions, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        var outcome = await questions.AskAsync(roomId, request.Text, http.User, RequestLimits.ClientOf(http), cancellationToken).ConfigureAwait(false);
        if (outcome is QuestionOutcome.Limited(var retryAfter, _))
        {
            http.Response.Headers.RetryAfter = SenderBuckets.Header(retryAfter);
        }

        return Answer(outcome);
    }

    /// <summary>
    /// Upvotes, once per identity (the token's participant, or <c>moderator:</c> and the address for a
    /// token without one), never the asker's own: 200 with the question; 404 room or question (a hidden
    /// one too, unless a moderator asks), 409 upvoted already, own question, or hidden.
    /// </summary>
    public static async Task<Results<Ok<QuestionView>, ValidationProblem, ProblemHttpResult>> UpvoteAsync(
        string roomId, string questionId, QuestionService questions, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var user = http.User;
        return Answer(await questions.UpvoteAsync(
            roomId, questionId, QuestionService.IdentityOf(user, RequestLimits.ClientOf(http)), user.RestrictedParticipant(), user.MayModerate(), cancellationToken)
            .ConfigureAwait(false));
    }

    /// <summary>
    /// The room's questions, a page at a time: <paramref name="sort"/> <c>top</c> (the default: most
    /// upvotes first, then the earliest asked) or <c>new</c> (the latest first); hidden questions are
    /// listed to moderators only. 400 sort, page or perPage; 404 room.
    /// </summary>
    public static async Task<Results<Ok<PageResponse<QuestionView>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string roomId, QuestionService questions, HttpContext http, CancellationToken cancellationToken, string sort = "top", int page = 1, int perPage = 50)
    {
        ArgumentNullException.ThrowIfNull(http);
        var errors = new Dictionary<string, string[]>();
        if (sort is not ("top" or "new"))
        {
            errors["sort"] = ["sort must be top or new."];
        }

        Paging.Check(page, perPage, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        return await questions.ListAsync(roomId, sort, http.User.MayModerate(), page, perPage, cancellationToken).ConfigureAwait(false) is { } list
            ? TypedResults.Ok(list)
            : Problems.NotFound("roomId", $"Room '{roomId}' does not exist.");
    }

    /// <summary>
    /// Moderators: marks an open question answered, with an optional text answer (the body may be left
    /// out): 200 with it; 400 answer over 1000 characters, 404 room or question, 409 answered or hidden already.
    /// </summary>
    public static async Task<Results<Ok<QuestionView>, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        string roomId, string questionId, QuestionService questions, CancellationToken cancellationToken, AnswerQuestionRequest? request = null) =>
        Answer(await questions.AnswerAsync(roomId, questionId, request?.Answer, cancellationToken).ConfigureAwait(false));

    /// <summary>Moderators: hides a question from the audience: 200 with it; 404 room or question, 409 hidden already.</summary>
    public static async Task<Results<Ok<QuestionView>, ValidationProblem, ProblemHttpResult>> HideAsync(
        string roomId, string questionId, QuestionService questions, CancellationToken cancellationToken) =>
        Answer(await questions.HideAsync(roomId, questionId, cancellationToken).ConfigureAwait(false));

    private static Results<Ok<QuestionView>, ValidationProblem, ProblemHttpResult> Answer(QuestionOutcome outcome) => outcome switch
    {
        QuestionOutcome.Done(var question) => TypedResults.Ok(question),
        QuestionOutcome.Invalid(var field, var detail) => Problems.Invalid(new Dictionary<string, string[]> { [field] = [detail] }),
        QuestionOutcome.NotFound(var field, var detail) => Problems.NotFound(field, detail),
        QuestionOutcome.Conflict(var field, var detail) => Problems.Conflict(field, detail),
        QuestionOutcome.Limited(_, var detail) => Problems.TooMany(detail),
        _ => throw new System.Diagnostics.UnreachableException($"Unknown outcome {outcome}."),
    };
}

/// <summary>The body of <c>POST /v2/rooms/{roomId}/questions</c>.</summary>
/// <param name="Text">The question, 1–300 characters after trimming; text, never markup.</param>
public sealed record AskQuestionRequest(string? Text);

/// <summary>The body of <c>POST /v2/rooms/{roomId}/questions/{questionId}/answer</c> (optional).</summary>
/// <param name="Answer">A text answer, at most 1000 characters; none (or blank): the question is only marked answered.</param>
public sealed record AnswerQuestionRequest(string? Answer);
