namespace LiveServer.HubLoad;

/// <summary>One burst: its poll, how many votes were sent and accepted (200), the statuses, when the first was sent, when the last and the median answered (ms after the first was sent).</summary>
internal sealed record VoteBurstResult(
    string Label, string PollId, int Sent, int Accepted, IReadOnlyDictionary<string, int> Statuses, long FirstSentTicks, double LastAnswerMs, double MedianAnswerMs);
