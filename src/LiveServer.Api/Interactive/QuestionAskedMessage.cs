using LiveServer.Api.Rooms;

namespace LiveServer.Api.Interactive;

/// <summary>The payload of <c>questionAsked</c>: someone in the room asked a question.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="Question">The question, with no upvotes yet.</param>
/// <param name="At">When it was asked.</param>
public sealed record QuestionAskedMessage(string RoomId, QuestionView Question, DateTimeOffset At) : RoomEventMessage(RoomId, At);
