namespace LiveServer.Api.Rooms;

/// <summary>The payload of <c>speakerChanged</c>: a livestream of the room has a new active speaker.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="LivestreamId">The livestream whose speaker detection decided.</param>
/// <param name="ParticipantId">The participant who took the floor.</param>
/// <param name="Name">Its display name.</param>
/// <param name="At">When it was decided.</param>
public sealed record SpeakerChangedMessage(string RoomId, string LivestreamId, string ParticipantId, string Name, DateTimeOffset At)
    : RoomEventMessage(RoomId, At);
