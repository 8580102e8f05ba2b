namespace LiveServer.Api.Interactive;

/// <summary>
/// A stage invite, pushed as <c>stageInvite</c> to the invited viewer's hub connections only (never to
/// the room, never into its event log: <see cref="Token"/> is a credential) and answered to the
/// moderator who invited. The viewer publishes by posting its WHIP offer to <see cref="WhipUrl"/> with
/// <c>Authorization: Bearer</c> <see cref="Token"/>.
/// </summary>
/// <param name="RoomId">The room.</param>
/// <param name="ParticipantId">The invited viewer; it publishes under this id.</param>
/// <param name="Name">Its display name (in <see cref="WhipUrl"/>'s <c>name</c>, so the composite labels it).</param>
/// <param name="Token">An <c>rtc</c> token for this room and participant, valid until <see cref="ExpiresAt"/>.</param>
/// <param name="WhipUrl">The room's WHIP endpoint.</param>
/// <param name="ExpiresAt">When <see cref="Token"/> stops being accepted (<c>Interactive:StageTokenLifetime</c> after the invite).</param>
/// <param name="At">When it was invited.</param>
public sealed record StageInvite(
    string RoomId, string ParticipantId, string Name, string Token, string WhipUrl, DateTimeOffset ExpiresAt, DateTimeOffset At);
