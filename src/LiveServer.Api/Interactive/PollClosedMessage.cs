using LiveServer.Api.Rooms;

namespace LiveServer.Api.Interactive;

/// <summary>The payload of <c>pollClosed</c>: a poll closed (by a moderator or its duration), with its final counts.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="PollId">The poll.</param>
/// <param name="Counts">Final votes by option id.</param>
/// <param name="Total">All votes.</param>
/// <param name="At">When it closed.</param>
public sealed record PollClosedMessage(string RoomId, string PollId, IReadOnlyDictionary<string, long> Counts, long Total, DateTimeOffset At)
    : RoomEventMessage(RoomId, At);
