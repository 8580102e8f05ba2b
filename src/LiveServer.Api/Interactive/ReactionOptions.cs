using System.ComponentModel.DataAnnotations;

namespace LiveServer.Api.Interactive;

/// <summary>The reactions' keys of the <c>Interactive</c> configuration section.</summary>
public sealed class ReactionOptions
{
    /// <summary>The section's name.</summary>
    public const string SectionName = "Interactive";

    /// <summary>The reaction types a viewer may send.</summary>
    public IList<string> ReactionTypes { get; } = [];

    /// <summary>Reactions one identity may send per second (a burst of twice as many is let through).</summary>
    [Range(1, 1000, ErrorMessage = "Interactive:ReactionsPerSecond must be between 1 and 1000.")]
    public int ReactionsPerSecond { get; set; } = 10;

    /// <summary>How often a room's reactions are pushed, as one <c>reactions</c> event with the counts since the last.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10", ErrorMessage = "Interactive:ReactionInterval must be between 50 ms and 10 s.")]
    public TimeSpan ReactionInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The types allowed: the configured ones, else heart, clap, laugh, wow, fire, thumbsup.</summary>
    public IReadOnlyList<string> AllowedTypes => ReactionTypes.Count > 0 ? [.. ReactionTypes] : ["heart", "clap", "laugh", "wow", "fire", "thumbsup"];
}
