namespace LiveServer.Storage;

/// <summary>A poll of a room, as stored.</summary>
/// <param name="Id">The poll (<c>poll_</c> and 16 hex digits).</param>
/// <param name="RoomId">Its room.</param>
/// <param name="Question">The question.</param>
/// <param name="Status"><c>open</c> or <c>closed</c>.</param>
/// <param name="CreatedAt">When it opened.</param>
/// <param name="ClosesAt">When its duration ends it, if it has one.</param>
/// <param name="ClosedAt">When it closed.</param>
/// <param name="Options">Its options, in order.</param>
public sealed record StoredPoll(
    string Id,
    string RoomId,
    string Question,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ClosesAt,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<StoredPollOption> Options);

/// <summary>One option of a poll.</summary>
/// <param name="Id">The option (<c>a</c>, <c>b</c>, …).</param>
/// <param name="Text">Its text.</param>
public sealed record StoredPollOption(string Id, string Text);

/// <summary>One voter's vote on a poll.</summary>
/// <param name="PollId">The poll.</param>
/// <param name="VoterId">The voter: its participant id, or <c>moderator:</c> and its address.</param>
/// <param name="OptionId">The option chosen.</param>
/// <param name="VotedAt">When.</param>
public sealed record StoredPollVote(string PollId, string VoterId, string OptionId, DateTimeOffset VotedAt);
