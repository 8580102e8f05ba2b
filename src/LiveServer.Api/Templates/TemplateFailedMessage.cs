using LiveServer.Api.Rooms;

namespace LiveServer.Api.Templates;

/// <summary>
/// The payload of <c>templateFailed</c> (and the <c>template-failed</c> webhook): a livestream's
/// template page crashed more often than <c>Templates:RestartLimit</c> allows, and the livestream now
/// shows its config's built-in layout.
/// </summary>
/// <param name="RoomId">The room.</param>
/// <param name="LivestreamId">The livestream.</param>
/// <param name="TemplateUrl">The template it left.</param>
/// <param name="Reason">What happened.</param>
/// <param name="At">When it fell back.</param>
public sealed record TemplateFailedMessage(string RoomId, string LivestreamId, string TemplateUrl, string Reason, DateTimeOffset At)
    : RoomEventMessage(RoomId, At);
