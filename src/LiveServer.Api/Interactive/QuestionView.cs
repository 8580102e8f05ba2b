namespace LiveServer.Api.Interactive;

/// <summary>
/// A question as the REST API and the <c>questionAsked</c>/<c>questionUpdated</c> events carry it.
/// <see cref="Text"/> and <see cref="Answer"/> are text as written, never markup: whoever shows them
/// renders them as text.
/// </summary>
/// <param name="QuestionId">The question (<c>q_</c> and 16 hex digits).</param>
/// <param name="RoomId">Its room.</param>
/// <param name="Text">The question, 1–300 characters.</param>
/// <param name="AskerId">Who asked: the token's participant, or <c>moderator</c> for a token without one.</param>
/// <param name="AskerName">The token's <c>name</c>, else the asker id.</param>
/// <param name="Upvotes">Identities that upvoted it.</param>
/// <param name="Status"><c>open</c>, <c>answered</c> or <c>hidden</c>.</param>
/// <param name="AskedAt">When it was asked.</param>
/// <param name="AnsweredAt">When a moderator marked it answered.</param>
/// <param name="Answer">The moderator's text answer, if one was given.</param>
public sealed record QuestionView(
    string QuestionId,
    string RoomId,
    string Text,
    string AskerId,
    string AskerName,
    long Upvotes,
    string Status,
    DateTimeOffset AskedAt,
    DateTimeOffset? AnsweredAt,
    string? Answer);
