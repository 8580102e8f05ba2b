namespace LiveServer.HubLoad;

/// <summary>p50, p95, p99 and max in milliseconds, and how many values (NaN when none).</summary>
internal sealed record Percentiles(long Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(LatencyHistogram histogram) =>
        new(histogram.Count, histogram.PercentileMs(0.50), histogram.PercentileMs(0.95), histogram.PercentileMs(0.99), histogram.MaxMs);

    public static Percentiles Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var sorted = values.Order().ToArray();
        double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(sorted.Length, At(0.50), At(0.95), At(0.99), sorted[^1]);
    }
}
