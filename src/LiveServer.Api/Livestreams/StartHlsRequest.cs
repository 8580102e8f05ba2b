using LiveServer.Domain.Livestreams;

namespace LiveServer.Api.Livestreams;

/// <summary>Body of <c>POST /v2/hls/start</c>.</summary>
/// <param name="RoomId">The room to stream.</param>
/// <param name="Config">Layout, theme, mode, quality, orientation, recording, overlays; defaults where absent.</param>
/// <param name="TemplateUrl">A web page drawn as the layout (custom templates, README.md); the config's built-in layout when absent.</param>
/// <param name="WebhookUrl">Where this livestream's webhooks go, besides <c>Webhooks:Urls</c>.</param>
public sealed record StartHlsRequest(string? RoomId, LivestreamConfigInput? Config = null, string? TemplateUrl = null, string? WebhookUrl = null);
