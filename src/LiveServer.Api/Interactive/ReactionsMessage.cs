using LiveServer.Api.Rooms;

namespace LiveServer.Api.Interactive;

/// <summary>The payload of <c>reactions</c>: how many of each type arrived in the room since the last push.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="Counts">Reactions by type, since the previous <c>reactions</c> event.</param>
/// <param name="At">When they were counted.</param>
public sealed record ReactionsMessage(string RoomId, IReadOnlyDictionary<string, long> Counts, DateTimeOffset At) : RoomEventMessage(RoomId, At);
