using LiveServer.Domain.Livestreams;

namespace LiveServer.Api.Livestreams;

/// <summary>Body of <c>POST /v2/hls/start</c>.</summary>
/// <param name="RoomId">The room to stream.</param>
/// <param name="Config">Layout, theme, mode, quality, orientation, recording, overlays; defaults where absent.</param>
/// <param name="TemplateUrl">Accepted for compatibility; custom templates are not rendered.</param>
/// <param name="WebhookUrl">Where this livestream's webhooks go, besides <c>Webhooks:Urls</c>.</param>
public sealed record StartHlsRequest(string? RoomId, LivestreamConfigInput? Config = null, string? TemplateUrl = null, string? WebhookUrl = null);
