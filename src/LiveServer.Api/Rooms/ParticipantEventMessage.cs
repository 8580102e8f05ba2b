namespace LiveServer.Api.Rooms;

/// <summary>The payload of <c>participantJoined</c> and <c>participantLeft</c>.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="ParticipantId">The participant.</param>
/// <param name="Name">Its display name.</param>
/// <param name="At">When it happened.</param>
public sealed record ParticipantEventMessage(string RoomId, string ParticipantId, string Name, DateTimeOffset At)
    : RoomEventMessage(RoomId, At);
