using LiveServer.Api.Rooms;

namespace LiveServer.Api.Interactive;

/// <summary>The payload of <c>participantBanned</c>: a moderator banned a participant from the room.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="ParticipantId">The banned participant; its hub connections in the room are closed and its tokens refused there.</param>
/// <param name="At">When it was banned.</param>
public sealed record ParticipantBannedMessage(string RoomId, string ParticipantId, DateTimeOffset At) : RoomEventMessage(RoomId, At);
