namespace LiveServer.Api.Interactive;

/// <summary>What a Q&amp;A call came to.</summary>
public abstract record QuestionOutcome
{
    /// <summary>Done: the question as it is now.</summary>
    /// <param name="Question">The question.</param>
    public sealed record Done(QuestionView Question) : QuestionOutcome;

    /// <summary>The request is invalid (400).</summary>
    /// <param name="Field">The field at fault.</param>
    /// <param name="Detail">Why.</param>
    public sealed record Invalid(string Field, string Detail) : QuestionOutcome;

    /// <summary>No such room or question (404).</summary>
    /// <param name="Field">The id at fault.</param>
    /// <param name="Detail">Which.</param>
    public sealed record NotFound(string Field, string Detail) : QuestionOutcome;

    /// <summary>The identity upvoted already (or asked it), or the question is answered or hidden already (409).</summary>
    /// <param name="Field">The field at fault.</param>
    /// <param name="Detail">Why.</param>
    public sealed record Conflict(string Field, string Detail) : QuestionOutcome;

    /// <summary>The asker is over its rate (429).</summary>
    /// <param name="RetryAfter">When a question would be let through again.</param>
    /// <param name="Detail">Which limit, naming its keys.</param>
    public sealed record Limited(TimeSpan RetryAfter, string Detail) : QuestionOutcome;
}
