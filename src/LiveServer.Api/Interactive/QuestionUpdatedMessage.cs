using LiveServer.Api.Rooms;

namespace LiveServer.Api.Interactive;

/// <summary>
/// The payload of <c>questionUpdated</c>: a question's upvotes changed (pushed at most every 250 ms per
/// question, with the count then), or a moderator answered or hid it (pushed at once).
/// </summary>
/// <param name="RoomId">The room.</param>
/// <param name="Question">The question as it is now.</param>
/// <param name="At">When it changed.</param>
public sealed record QuestionUpdatedMessage(string RoomId, QuestionView Question, DateTimeOffset At) : RoomEventMessage(RoomId, At);
