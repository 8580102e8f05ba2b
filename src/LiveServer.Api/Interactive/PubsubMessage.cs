using LiveServer.Api.Rooms;

namespace LiveServer.Api.Interactive;

/// <summary>
/// The payload of <c>pubsubMessage</c>: one message published on a room's topic (<c>CHAT</c> is the
/// chat). <see cref="Message"/> is text as the sender wrote it, never markup: JSON carries it escaped,
/// and whoever shows it must render it as text.
/// </summary>
/// <param name="RoomId">The room.</param>
/// <param name="Topic">The topic, 1–64 of <c>[A-Za-z0-9_-]</c>.</param>
/// <param name="Id">The message's id (<c>pm_…</c>), what a moderator deletes it by.</param>
/// <param name="SenderId">The sender's participant id, or <c>moderator</c> for a moderator token without one.</param>
/// <param name="SenderName">The token's <c>name</c>, else the sender id.</param>
/// <param name="Message">The text (at most <see cref="PubsubService.MaxMessageLength"/> characters).</param>
/// <param name="At">When it was published.</param>
public sealed record PubsubMessage(string RoomId, string Topic, string Id, string SenderId, string SenderName, string Message, DateTimeOffset At)
    : RoomEventMessage(RoomId, At);
