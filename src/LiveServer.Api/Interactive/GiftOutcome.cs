namespace LiveServer.Api.Interactive;

/// <summary>What <see cref="GiftService.SendAsync"/> came to: sent, or why not.</summary>
public abstract record GiftOutcome
{
    /// <summary>Stored, counted and pushed to the room.</summary>
    /// <param name="Gift">The gift with its <c>seq</c>.</param>
    public sealed record Sent(GiftSentMessage Gift) : GiftOutcome;

    /// <summary>The request cannot be used (400).</summary>
    /// <param name="Field">The field at fault: <c>giftId</c> or <c>to</c>.</param>
    /// <param name="Detail">Why.</param>
    public sealed record Invalid(string Field, string Detail) : GiftOutcome;

    /// <summary>No such room, gift or recipient in the room (404).</summary>
    /// <param name="Field">The id at fault: <c>roomId</c>, <c>giftId</c> or <c>to</c>.</param>
    /// <param name="Detail">Which.</param>
    public sealed record NotFound(string Field, string Detail) : GiftOutcome;

    /// <summary>The sender is over its rate (429).</summary>
    /// <param name="RetryAfter">When a gift would be let through again.</param>
    /// <param name="Detail">Which limit, naming its keys.</param>
    public sealed record Limited(TimeSpan RetryAfter, string Detail) : GiftOutcome;
}
