namespace LiveServer.HubLoad;

/// <summary>A histogram's non-empty bins (index, count) and its extremes, as a load process reports them.</summary>
internal sealed record HistogramData(IReadOnlyList<int> Bins, IReadOnlyList<long> Counts, long MaxTicks, long MinTicks);
