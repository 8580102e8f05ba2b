using System.ComponentModel.DataAnnotations;

namespace LiveServer.Api.Interactive;

/// <summary>The Q&amp;A's keys of the <c>Interactive</c> configuration section.</summary>
public sealed class QuestionOptions
{
    /// <summary>The section's name.</summary>
    public const string SectionName = ReactionOptions.SectionName;

    /// <summary>Questions one identity may ask per minute in a room, once its burst is spent (a token bucket).</summary>
    [Range(1, 600, ErrorMessage = "Interactive:QuestionsPerMinute must be between 1 and 600.")]
    public int QuestionsPerMinute { get; set; } = 10;

    /// <summary>Questions one identity may ask at once before the rate applies (the bucket's size).</summary>
    [Range(1, 100, ErrorMessage = "Interactive:QuestionBurst must be between 1 and 100.")]
    public int QuestionBurst { get; set; } = 3;
}
