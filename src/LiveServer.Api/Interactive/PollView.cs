namespace LiveServer.Api.Interactive;

/// <summary>A poll as the REST API answers it.</summary>
/// <param name="PollId">The poll.</param>
/// <param name="RoomId">Its room.</param>
/// <param name="Question">Its question.</param>
/// <param name="Options">Its options, in order.</param>
/// <param name="Status"><c>open</c> or <c>closed</c>.</param>
/// <param name="Counts">Votes by option id.</param>
/// <param name="Total">All votes.</param>
/// <param name="CreatedAt">When it opened.</param>
/// <param name="ClosesAt">When its duration ends it, if it has one.</param>
/// <param name="ClosedAt">When it closed.</param>
public sealed record PollView(
    string PollId,
    string RoomId,
    string Question,
    IReadOnlyList<PollOption> Options,
    string Status,
    IReadOnlyDictionary<string, long> Counts,
    long Total,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ClosesAt,
    DateTimeOffset? ClosedAt);
