using LiveServer.Api.Rooms;

namespace LiveServer.Api.Interactive;

/// <summary>The payload of <c>pollUpdated</c>: an open poll's counts, pushed at most every 250 ms and only when they changed.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="PollId">The poll.</param>
/// <param name="Counts">Votes by option id (every option, zeros included).</param>
/// <param name="Total">All votes.</param>
/// <param name="At">When they were counted.</param>
public sealed record PollUpdatedMessage(string RoomId, string PollId, IReadOnlyDictionary<string, long> Counts, long Total, DateTimeOffset At)
    : RoomEventMessage(RoomId, At);
