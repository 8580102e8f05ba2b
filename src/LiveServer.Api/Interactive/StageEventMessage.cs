using LiveServer.Api.Rooms;

namespace LiveServer.Api.Interactive;

/// <summary>
/// The payload of the stage's room events: <c>stageRequested</c> (a viewer raised its hand),
/// <c>stageRequestCancelled</c> (it lowered it, or left the room), <c>stageInvited</c> (a moderator
/// invited it; the invite itself, with its token, goes to that viewer only) and <c>stageRemoved</c>
/// (a moderator took it off the stage). Raised hands in the <c>JoinRoom</c> snapshot have this shape too.
/// </summary>
/// <param name="RoomId">The room.</param>
/// <param name="ParticipantId">The viewer or host concerned.</param>
/// <param name="Name">Its display name.</param>
/// <param name="At">When it happened.</param>
public sealed record StageEventMessage(string RoomId, string ParticipantId, string Name, DateTimeOffset At) : RoomEventMessage(RoomId, At);
