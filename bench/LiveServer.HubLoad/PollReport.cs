namespace LiveServer.HubLoad;

/// <summary>Per viewer of one process: the highest total of a poll it saw, and when (UTC ticks) it first saw that total.</summary>
internal sealed record PollReport(IReadOnlyList<long> MaxTotal, IReadOnlyList<long> ReachedAt);
