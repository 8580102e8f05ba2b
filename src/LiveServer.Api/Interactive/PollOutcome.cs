namespace LiveServer.Api.Interactive;

/// <summary>What a poll call came to.</summary>
public abstract record PollOutcome
{
    /// <summary>Done: the poll as it is now.</summary>
    /// <param name="Poll">The poll.</param>
    public sealed record Done(PollView Poll) : PollOutcome;

    /// <summary>The request is invalid (400).</summary>
    /// <param name="Field">The field at fault.</param>
    /// <param name="Detail">Why.</param>
    public sealed record Invalid(string Field, string Detail) : PollOutcome;

    /// <summary>No such room, poll or option (404).</summary>
    /// <param name="Field">The id at fault.</param>
    /// <param name="Detail">Which.</param>
    public sealed record NotFound(string Field, string Detail) : PollOutcome;

    /// <summary>The poll is closed, or the voter has voted (409).</summary>
    /// <param name="Field">The field at fault.</param>
    /// <param name="Detail">Why.</param>
    public sealed record Conflict(string Field, string Detail) : PollOutcome;
}
