namespace LiveServer.Domain.Livestreams;

/// <summary>A validated livestream config (see <see cref="LivestreamConfigParser"/>).</summary>
/// <param name="Layout">Layout type, priority and grid size.</param>
/// <param name="Theme">Palette.</param>
/// <param name="Mode">Video and audio, or audio only.</param>
/// <param name="Quality">Resolution and bitrate class.</param>
/// <param name="Orientation">Landscape or portrait.</param>
public sealed record LivestreamConfig(
    LayoutConfig Layout,
    Theme Theme,
    StreamMode Mode,
    Quality Quality,
    Orientation Orientation)
{
    /// <summary>True: an MP4 and a thumbnail are made when the livestream ends (<c>config.recording.enabled</c>).</summary>
    public bool Recording { get; init; }

    /// <summary>What is drawn over the layout: reactions, the running poll (<c>config.overlays</c>); none by default.</summary>
    public OverlayConfig Overlays { get; init; } = OverlayConfig.None;

    /// <summary>
    /// The web page drawn as the layout (the start call's <c>templateUrl</c>, absolute http or https);
    /// null for the built-in <see cref="Layout"/>, which is also what a template falls back to.
    /// </summary>
    public string? TemplateUrl { get; init; }

    /// <summary>GRID, SPEAKER, 4 tiles, DEFAULT theme, video and audio, med, landscape.</summary>
    public static LivestreamConfig Default { get; } = new(
        new LayoutConfig(LayoutType.Grid, LayoutPriority.Speaker, 4),
        Theme.Default,
        StreamMode.VideoAndAudio,
        Quality.Med,
        Orientation.Landscape);

    /// <summary>The resolution, frame rate and bitrates for this config (DESIGN.md output table).</summary>
    public OutputFormat ToOutputFormat()
    {
        var (width, height, videoKbps) = Quality switch
        {
            Quality.Low => (640, 360, 800),
            Quality.High => (1920, 1080, 4500),
            _ => (1280, 720, 2500),
        };
        return Orientation == Orientation.Portrait
            ? new OutputFormat(height, width, 30, videoKbps, 128)
            : new OutputFormat(width, height, 30, videoKbps, 128);
    }
}
