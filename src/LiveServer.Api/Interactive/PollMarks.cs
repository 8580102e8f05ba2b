using System.Globalization;

namespace LiveServer.Api.Interactive;

/// <summary>
/// A poll's marks on the livestream timeline (<see cref="ITimedMarks"/>). The poll itself is one range,
/// <c>CLASS="com.liveserver.poll"</c> from its opening to its close, with the same attributes at
/// both (tags with one ID must agree); its result is a second, zero-length range at the close,
/// <c>CLASS="com.liveserver.poll-result"</c>, ID the poll's with <c>-result</c>.
/// </summary>
public static class PollMarks
{
    /// <summary>The CLASS of a poll's range.</summary>
    public const string PollClass = "com.liveserver.poll";

    /// <summary>The CLASS of a poll's result.</summary>
    public const string ResultClass = "com.liveserver.poll-result";

    /// <summary>The poll as a range: X-POLL-ID, X-QUESTION, X-OPTIONS (the option texts joined by " | "); ended once it closed.</summary>
    public static TimedMark Poll(PollView poll)
    {
        ArgumentNullException.ThrowIfNull(poll);
        return new TimedMark(
            poll.PollId,
            PollClass,
            poll.CreatedAt,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["X-POLL-ID"] = poll.PollId,
                ["X-QUESTION"] = poll.Question,
                ["X-OPTIONS"] = string.Join(" | ", poll.Options.Select(o => o.Text)),
            },
            poll.ClosedAt);
    }

    /// <summary>
    /// A closed poll's result at its close: X-POLL-ID, X-TOTAL (votes), X-COUNTS (each option's votes in
    /// option order, joined by " | ", as the option texts are in X-OPTIONS).
    /// </summary>
    public static TimedMark Result(PollView poll)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var closedAt = poll.ClosedAt ?? throw new ArgumentException("The poll is still open.", nameof(poll));
        return new TimedMark(
            poll.PollId + "-result",
            ResultClass,
            closedAt,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["X-POLL-ID"] = poll.PollId,
                ["X-TOTAL"] = poll.Total.ToString(CultureInfo.InvariantCulture),
                ["X-COUNTS"] = string.Join(" | ", poll.Options.Select(o => poll.Counts.GetValueOrDefault(o.Id).ToString(CultureInfo.InvariantCulture))),
            },
            closedAt);
    }
}
