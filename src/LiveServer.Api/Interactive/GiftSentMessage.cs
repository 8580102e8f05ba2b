using LiveServer.Api.Rooms;

namespace LiveServer.Api.Interactive;

/// <summary>The payload of <c>giftSent</c>, and what <c>POST /v2/rooms/{roomId}/gifts</c> answers: a gift went to a participant of the room.</summary>
/// <param name="GiftSentId">This sending (<c>gs_</c> and 20 hex digits).</param>
/// <param name="RoomId">The room.</param>
/// <param name="GiftId">The catalogue's gift.</param>
/// <param name="GiftName">Its name.</param>
/// <param name="Value">Its value.</param>
/// <param name="FromId">The sender: the token's participant, or <c>moderator</c> for a token without one.</param>
/// <param name="FromName">The sender's token <c>name</c>, else its id.</param>
/// <param name="ToId">The recipient: a host of the room or a viewer on its hub.</param>
/// <param name="At">When it was sent.</param>
public sealed record GiftSentMessage(
    string GiftSentId, string RoomId, string GiftId, string GiftName, long Value, string FromId, string FromName, string ToId, DateTimeOffset At)
    : RoomEventMessage(RoomId, At);
