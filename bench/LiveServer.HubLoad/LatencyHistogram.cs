namespace LiveServer.HubLoad;

/// <summary>
/// Latencies in bins of 0.1 ms up to 30 s (longer ones count in the last bin; the exact maximum is
/// kept beside), filled from many threads without locks and merged across load processes. A
/// percentile is the upper edge of its bin, so it never flatters by more than 0.1 ms.
/// </summary>
internal sealed class LatencyHistogram
{
    /// <summary>The width of a bin in ticks (0.1 ms).</summary>
    public const long BinTicks = TimeSpan.TicksPerMillisecond / 10;

    private const int Bins = 300_000;
    private readonly long[] _counts = new long[Bins];
    private long _total;
    private long _maxTicks = long.MinValue;
    private long _minTicks = long.MaxValue;

    public long Count => Interlocked.Read(ref _total);

    /// <summary>The largest value added, in milliseconds (NaN when empty).</summary>
    public double MaxMs => Count == 0 ? double.NaN : Interlocked.Read(ref _maxTicks) / (double)TimeSpan.TicksPerMillisecond;

    /// <summary>The smallest value added, in milliseconds (NaN when empty); below 0 means clocks or stamps disagree.</summary>
    public double MinMs => Count == 0 ? double.NaN : Interlocked.Read(ref _minTicks) / (double)TimeSpan.TicksPerMillisecond;

    public void Add(long ticks)
    {
        var bin = ticks <= 0 ? 0 : Math.Min(Bins - 1, ticks / BinTicks);
        Interlocked.Increment(ref _counts[bin]);
        Interlocked.Increment(ref _total);
        InterlockedMax(ref _maxTicks, ticks);
        InterlockedMin(ref _minTicks, ticks);
    }

    /// <summary>The <paramref name="quantile"/> (0..1) in milliseconds, NaN when empty.</summary>
    public double PercentileMs(double quantile)
    {
        var total = Count;
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < Bins; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(1, rank))
            {
                return Math.Min((i + 1) * BinTicks, Interlocked.Read(ref _maxTicks)) / (double)TimeSpan.TicksPerMillisecond;
            }
        }

        return MaxMs;
    }

    /// <summary>The non-empty bins, for another process to merge.</summary>
    public HistogramData ToData()
    {
        var bins = new List<int>();
        var counts = new List<long>();
        for (var i = 0; i < Bins; i++)
        {
            if (_counts[i] != 0)
            {
                bins.Add(i);
                counts.Add(_counts[i]);
            }
        }

        return new HistogramData(bins, counts, Count == 0 ? 0 : _maxTicks, Count == 0 ? 0 : _minTicks);
    }

    public void Merge(HistogramData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        long added = 0;
        for (var i = 0; i < data.Bins.Count; i++)
        {
            _counts[data.Bins[i]] += data.Counts[i];
            added += data.Counts[i];
        }

        if (added > 0)
        {
            _total += added;
            _maxTicks = Math.Max(_maxTicks, data.MaxTicks);
            _minTicks = Math.Min(_minTicks, data.MinTicks);
        }
    }

    internal static void InterlockedMax(ref long location, long value)
    {
        var current = Interlocked.Read(ref location);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static void InterlockedMin(ref long location, long value)
    {
        var current = Interlocked.Read(ref location);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
