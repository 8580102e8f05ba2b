using LiveServer.Api.Rooms;

namespace LiveServer.Api.Interactive;

/// <summary>The payload of <c>messageDeleted</c>: a moderator deleted a pubsub message; clients stop showing it.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="Topic">The message's topic.</param>
/// <param name="Id">The message deleted.</param>
/// <param name="At">When it was deleted.</param>
public sealed record MessageDeletedMessage(string RoomId, string Topic, string Id, DateTimeOffset At) : RoomEventMessage(RoomId, At);
