using LiveServer.Media.Audio;
using LiveServer.Media.Compositing;

namespace LiveServer.Media.Livestreams;

/// <summary>The machine-wide settings a livestream pipeline runs with.</summary>
/// <param name="FfmpegPath">The ffmpeg binary.</param>
/// <param name="EncoderPreset">The x264 preset.</param>
/// <param name="SegmentDuration">HLS segment length.</param>
/// <param name="PartDuration">LL-HLS part length asked for (rounded to whole frames).</param>
/// <param name="StopTimeout">How long FFmpeg children may take to finish.</param>
/// <param name="SpeakerDetection">How the active speaker is decided; null for the defaults.</param>
public sealed record PipelineSettings(
    string FfmpegPath,
    string EncoderPreset,
    TimeSpan SegmentDuration,
    TimeSpan PartDuration,
    TimeSpan StopTimeout,
    SpeakerDetectorOptions? SpeakerDetection = null)
{
    /// <summary>Encoder restarts allowed within <see cref="EncoderRestartWindow"/> before the pipeline gives up.</summary>
    public int EncoderRestartLimit { get; init; } = 3;

    /// <summary>Names the livestream in its encoder's arguments (for the process list); null for none.</summary>
    public string? Label { get; init; }

    /// <summary>The room's poll and reactions, which the compositor draws as <c>config.overlays</c> asks; null for none.</summary>
    public OverlayState? Overlays { get; init; }

    /// <summary>The window in which encoder restarts are counted.</summary>
    public TimeSpan EncoderRestartWindow { get; init; } = TimeSpan.FromMinutes(1);
}
