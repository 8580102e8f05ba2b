using System.ComponentModel.DataAnnotations;

namespace LiveServer.Api.Interactive;

/// <summary>The stage's keys of the <c>Interactive</c> configuration section.</summary>
public sealed class StageOptions
{
    /// <summary>The section's name.</summary>
    public const string SectionName = ReactionOptions.SectionName;

    /// <summary>
    /// How long the <c>rtc</c> token of a stage invite is valid: the invited viewer has this long to
    /// start publishing (a session already running is not ended when it expires).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00", ErrorMessage = "Interactive:StageTokenLifetime must be between 30 s and 1 h.")]
    public TimeSpan StageTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);
}
