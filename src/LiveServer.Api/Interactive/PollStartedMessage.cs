using LiveServer.Api.Rooms;

namespace LiveServer.Api.Interactive;

/// <summary>The payload of <c>pollStarted</c>: a moderator opened a poll.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="PollId">The poll.</param>
/// <param name="Question">Its question.</param>
/// <param name="Options">Its options, in order.</param>
/// <param name="ClosesAt">When its duration ends it, if it has one.</param>
/// <param name="At">When it opened.</param>
public sealed record PollStartedMessage(
    string RoomId, string PollId, string Question, IReadOnlyList<PollOption> Options, DateTimeOffset? ClosesAt, DateTimeOffset At)
    : RoomEventMessage(RoomId, At);
