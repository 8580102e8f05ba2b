using LiveServer.Domain.Livestreams;

namespace LiveServer.Api.Livestreams;

/// <summary>A livestream as the API shows it.</summary>
/// <param name="Id">The livestream's id.</param>
/// <param name="RoomId">The room.</param>
/// <param name="Status">e.g. <c>HLS_PLAYABLE</c>.</param>
/// <param name="Start">When it was started.</param>
/// <param name="End">When it ended, if it did.</param>
/// <param name="PlaybackHlsUrl">DVR playlist (EVENT, every segment).</param>
/// <param name="LivestreamUrl">Live playlist (sliding window).</param>
/// <param name="Config">The config it runs with.</param>
/// <param name="Reason">Why it failed, when it did.</param>
/// <param name="Stats">Counters: <c>ticks</c>, <c>lateTicks</c>, <c>segments</c>, <c>encoderRestarts</c>.</param>
/// <param name="WebhookUrl">The start call's <c>webhookUrl</c>, if it gave one.</param>
/// <param name="TemplateUrl">The template page drawn as the layout; null for the built-in one (also after a template fell back).</param>
public sealed record LivestreamResponse(
    string Id,
    string RoomId,
    LivestreamStatus Status,
    DateTimeOffset Start,
    DateTimeOffset? End,
    string PlaybackHlsUrl,
    string LivestreamUrl,
    LivestreamConfigResponse Config,
    string? Reason,
    LivestreamStats Stats,
    string? WebhookUrl,
    string? TemplateUrl)
{
    /// <summary>Describes <paramref name="livestream"/> with URLs under <paramref name="baseUrl"/>.</summary>
    public static LivestreamResponse From(Livestream livestream, string baseUrl) => new(
        livestream.Id,
        livestream.RoomId,
        livestream.Status,
        livestream.Start,
        livestream.End,
        baseUrl + livestream.PlaybackHlsPath,
        baseUrl + livestream.LivestreamPath,
        LivestreamConfigResponse.From(livestream.Config),
        livestream.FailureReason,
        livestream.Stats,
        livestream.WebhookUrl,
        livestream.Config.TemplateUrl);
}

/// <summary>A config in its wire form.</summary>
/// <param name="Layout">type, priority, gridSize, fit (null: cameras cover, the default).</param>
/// <param name="Theme">DARK, LIGHT or DEFAULT.</param>
/// <param name="Mode">video-and-audio or audio.</param>
/// <param name="Quality">low, med or high.</param>
/// <param name="Orientation">landscape or portrait.</param>
/// <param name="Recording">Whether an MP4 is made when it ends.</param>
/// <param name="Overlays">Which audience overlays are drawn into the picture: <c>reactions</c>, <c>poll</c>.</param>
public sealed record LivestreamConfigResponse(
    LayoutConfigInput Layout, string Theme, string Mode, string Quality, string Orientation, RecordingConfigInput Recording, OverlayConfig Overlays)
{
    /// <summary>Describes <paramref name="config"/>.</summary>
    public static LivestreamConfigResponse From(LivestreamConfig config) => new(
        new LayoutConfigInput(
            LivestreamConfigParser.ToWire(config.Layout.Type),
            LivestreamConfigParser.ToWire(config.Layout.Priority),
            config.Layout.GridSize,
            config.Layout.Fit is { } fit ? LivestreamConfigParser.ToWire(fit) : null),
        LivestreamConfigParser.ToWire(config.Theme),
        LivestreamConfigParser.ToWire(config.Mode),
        LivestreamConfigParser.ToWire(config.Quality),
        LivestreamConfigParser.ToWire(config.Orientation),
        new RecordingConfigInput(config.Recording),
        config.Overlays);
}
