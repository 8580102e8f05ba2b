namespace LiveServer.Domain.Livestreams;

/// <summary>A livestream config as a caller sends it: every field optional, values as strings.</summary>
/// <param name="Layout">Layout options.</param>
/// <param name="Theme">DARK, LIGHT or DEFAULT.</param>
/// <param name="Mode">video-and-audio or audio.</param>
/// <param name="Quality">low, med or high.</param>
/// <param name="Orientation">landscape or portrait.</param>
/// <param name="Recording">Whether an MP4 is made when the livestream ends.</param>
/// <param name="Overlays">Which audience overlays are drawn into the picture.</param>
public sealed record LivestreamConfigInput(
    LayoutConfigInput? Layout = null,
    string? Theme = null,
    string? Mode = null,
    string? Quality = null,
    string? Orientation = null,
    RecordingConfigInput? Recording = null,
    OverlaysConfigInput? Overlays = null)
{
    /// <summary>
    /// <c>PATCH /v2/hls/{id}/config</c> only: a URL switches the running livestream to that template,
    /// an empty string back to its built-in layout; absent leaves it as it is.
    /// </summary>
    public string? TemplateUrl { get; init; }
}

/// <summary>The overlays part of <see cref="LivestreamConfigInput"/> (<c>config.overlays</c>): booleans, absent ones unchanged.</summary>
/// <param name="Reactions">Draw the audience's reactions.</param>
/// <param name="Poll">Draw the running poll's results.</param>
public sealed record OverlaysConfigInput(bool? Reactions = null, bool? Poll = null)
{
    /// <summary>
    /// Members the caller sent that are not overlays, kept so the parser can name them
    /// (<c>config.overlays.&lt;name&gt;</c>) instead of ignoring a misspelt one.
    /// </summary>
    [System.Text.Json.Serialization.JsonExtensionData]
    public IDictionary<string, object>? Unknown { get; init; }
}

/// <summary>The recording part of <see cref="LivestreamConfigInput"/> (VideoSDK's <c>config.recording</c>).</summary>
/// <param name="Enabled">True: an MP4 of the top rendition and a thumbnail are made when the livestream ends.</param>
public sealed record RecordingConfigInput(bool? Enabled = null);

/// <summary>The layout part of <see cref="LivestreamConfigInput"/>.</summary>
/// <param name="Type">GRID, SPOTLIGHT or SIDEBAR.</param>
/// <param name="Priority">SPEAKER or PIN.</param>
/// <param name="GridSize">1 to 25.</param>
/// <param name="Fit">cover or contain: how cameras fill their tiles (screen shares are always contained).</param>
public sealed record LayoutConfigInput(string? Type = null, string? Priority = null, int? GridSize = null, string? Fit = null);
