namespace LiveServer.Storage;

/// <summary>A question of a room's Q&amp;A, as stored.</summary>
/// <param name="Id">The question (<c>q_</c> and 16 hex digits).</param>
/// <param name="RoomId">Its room.</param>
/// <param name="Text">The question as asked (text, never markup).</param>
/// <param name="AskerId">Who asked: a participant id, or <c>moderator</c>.</param>
/// <param name="AskerName">The asker's display name.</param>
/// <param name="Status"><c>open</c>, <c>answered</c> or <c>hidden</c>.</param>
/// <param name="AskedAt">When it was asked.</param>
/// <param name="AnsweredAt">When a moderator marked it answered.</param>
/// <param name="Answer">The moderator's text answer, if one was given.</param>
/// <param name="HiddenAt">When a moderator hid it.</param>
public sealed record StoredQuestion(
    string Id,
    string RoomId,
    string Text,
    string AskerId,
    string AskerName,
    string Status,
    DateTimeOffset AskedAt,
    DateTimeOffset? AnsweredAt,
    string? Answer,
    DateTimeOffset? HiddenAt);

/// <summary>One identity's upvote of a question.</summary>
/// <param name="QuestionId">The question.</param>
/// <param name="VoterId">The voter: its participant id, or <c>moderator:</c> and its address.</param>
/// <param name="UpvotedAt">When.</param>
public sealed record StoredQuestionUpvote(string QuestionId, string VoterId, DateTimeOffset UpvotedAt);

/// <summary>A virtual gift sent in a room.</summary>
/// <param name="Id">The sending (<c>gs_</c> and 20 hex digits).</param>
/// <param name="RoomId">The room.</param>
/// <param name="GiftId">The catalogue's gift id.</param>
/// <param name="GiftName">The gift's name when it was sent.</param>
/// <param name="Value">The gift's value when it was sent (positive).</param>
/// <param name="FromId">The sender: a participant id, or <c>moderator</c>.</param>
/// <param name="FromName">The sender's display name.</param>
/// <param name="ToId">The recipient's participant id.</param>
/// <param name="ToName">The recipient's display name, when known.</param>
/// <param name="At">When it was sent.</param>
public sealed record StoredGift(
    string Id,
    string RoomId,
    string GiftId,
    string GiftName,
    long Value,
    string FromId,
    string FromName,
    string ToId,
    string? ToName,
    DateTimeOffset At);

/// <summary>What one recipient of a room has been given.</summary>
/// <param name="ParticipantId">The recipient.</param>
/// <param name="Name">Its display name in its most recent gift that had one.</param>
/// <param name="Total">The sum of its gifts' values.</param>
/// <param name="Gifts">How many gifts it got.</param>
public sealed record StoredGiftTotal(string ParticipantId, string? Name, long Total, long Gifts);
