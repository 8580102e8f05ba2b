namespace LiveServer.Api.Interactive;

/// <summary>What <see cref="PubsubService.PublishAsync"/> came to: published, or why not.</summary>
public abstract record PublishOutcome
{
    /// <summary>Pushed to the room (and stored, with <c>persist</c>).</summary>
    /// <param name="Message">The message with its <c>seq</c>.</param>
    public sealed record Published(PubsubMessage Message) : PublishOutcome;

    /// <summary>The request cannot be used (400).</summary>
    /// <param name="Field">The field at fault: <c>topic</c> or <c>message</c>.</param>
    /// <param name="Detail">Why.</param>
    public sealed record Invalid(string Field, string Detail) : PublishOutcome;

    /// <summary>No such room (404).</summary>
    public sealed record RoomNotFound : PublishOutcome;

    /// <summary>The sender is banned from the room (403).</summary>
    public sealed record Banned : PublishOutcome;

    /// <summary>The sender (or its address) is over its rate (429).</summary>
    /// <param name="RetryAfter">When a message would be let through again.</param>
    /// <param name="Detail">Which limit, naming its key.</param>
    public sealed record Limited(TimeSpan RetryAfter, string Detail) : PublishOutcome;
}
