using LiveServer.Api.Rooms;

namespace LiveServer.Api.Interactive;

/// <summary>The payload of <c>participantUnbanned</c>: a moderator lifted a participant's ban from the room.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="ParticipantId">The participant; its tokens are accepted in the room again.</param>
/// <param name="At">When the ban was lifted.</param>
public sealed record ParticipantUnbannedMessage(string RoomId, string ParticipantId, DateTimeOffset At) : RoomEventMessage(RoomId, At);
