using System.ComponentModel.DataAnnotations;

namespace LiveServer.Media;

/// <summary>Media pipeline settings, section <c>Media</c>.</summary>
public sealed class MediaOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Media";

    /// <summary>Path of the ffmpeg binary; empty to search PATH.</summary>
    public string? FfmpegPath { get; set; }

    /// <summary>x264 preset of the livestream encoder (ultrafast … medium).</summary>
    [Required]
    [RegularExpression("^(ultrafast|superfast|veryfast|faster|fast|medium)$",
        ErrorMessage = "Media:EncoderPreset must be one of ultrafast, superfast, veryfast, faster, fast, medium.")]
    public string EncoderPreset { get; set; } = "veryfast";

    /// <summary>Folder where test participants' encoded clips are cached (relative paths from the working directory).</summary>
    [Required(ErrorMessage = "Media:TestSourceCache is required.")]
    public string TestSourceCache { get; set; } = "data/test-sources";

    /// <summary>How long an FFmpeg child may take to finish after it was asked to stop.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Media:StopTimeout must be between 1 s and 1 min.")]
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a new voice must be the loudest before it becomes the active speaker.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:00:10", ErrorMessage = "Media:SpeakerTakeOver must be between 0.2 s and 10 s.")]
    public TimeSpan SpeakerTakeOver { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Audio at or louder than this level (dBov, 0 loudest … 127 silence) counts as speech.</summary>
    [Range(0, 127, ErrorMessage = "Media:SpeechThresholdDbov must be between 0 and 127.")]
    public int SpeechThresholdDbov { get; set; } = 50;

    /// <summary>How many times a livestream's encoder FFmpeg is restarted within <see cref="EncoderRestartWindow"/> before the livestream fails.</summary>
    [Range(0, 100, ErrorMessage = "Media:EncoderRestartLimit must be between 0 and 100.")]
    public int EncoderRestartLimit { get; set; } = 3;

    /// <summary>The window in which encoder restarts are counted against <see cref="EncoderRestartLimit"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Media:EncoderRestartWindow must be between 1 s and 1 h.")]
    public TimeSpan EncoderRestartWindow { get; set; } = TimeSpan.FromMinutes(1);
}
