using System.ComponentModel.DataAnnotations;

namespace LiveServer.Api.Interactive;

/// <summary>The pubsub keys of the <c>Interactive</c> configuration section (the reactions' are in <see cref="ReactionOptions"/>).</summary>
public sealed class PubsubOptions
{
    /// <summary>The section's name.</summary>
    public const string SectionName = ReactionOptions.SectionName;

    /// <summary>Messages one sender may publish per second in a room (a token bucket refilled at this rate).</summary>
    [Range(1, 1000, ErrorMessage = "Interactive:MessagesPerSecond must be between 1 and 1000.")]
    public int MessagesPerSecond { get; set; } = 5;

    /// <summary>Messages one sender may publish at once before the rate applies (the bucket's size).</summary>
    [Range(1, 10000, ErrorMessage = "Interactive:MessageBurst must be between 1 and 10000.")]
    public int MessageBurst { get; set; } = 10;

    /// <summary>Messages one client address may publish per second, over all its senders (its burst is twice this).</summary>
    [Range(1, 100000, ErrorMessage = "Interactive:MessagesPerSecondPerAddress must be between 1 and 100000.")]
    public int MessagesPerSecondPerAddress { get; set; } = 50;
}
