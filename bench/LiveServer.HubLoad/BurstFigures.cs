namespace LiveServer.HubLoad;

/// <summary>One vote burst: votes accepted, how the REST calls answered, and when the viewers saw the final total.</summary>
internal sealed record BurstFigures(
    string Label,
    int Sent,
    int Accepted,
    IReadOnlyDictionary<string, int> Statuses,
    double MedianAnswerMs,
    double LastAnswerMs,
    int ViewersWithFinalCount,
    int Viewers,
    Percentiles FinalCountSeen)
{
    public static BurstFigures Of(VoteBurstResult burst, IReadOnlyList<WorkerReport> reports)
    {
        ArgumentNullException.ThrowIfNull(burst);
        var seen = new List<double>();
        var viewers = 0;
        foreach (var report in reports)
        {
            viewers += report.Connected;
            if (!report.Polls.TryGetValue(burst.PollId, out var poll))
            {
                continue;
            }

            for (var v = 0; v < poll.MaxTotal.Count; v++)
            {
                if (poll.MaxTotal[v] >= burst.Accepted && burst.Accepted > 0)
                {
                    seen.Add((poll.ReachedAt[v] - burst.FirstSentTicks) / (double)TimeSpan.TicksPerMillisecond);
                }
            }
        }

        return new BurstFigures(
            burst.Label, burst.Sent, burst.Accepted, burst.Statuses, burst.MedianAnswerMs, burst.LastAnswerMs, seen.Count, viewers, Percentiles.Of(seen));
    }
}
