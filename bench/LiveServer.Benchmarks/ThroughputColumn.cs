using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace LiveServer.Benchmarks;

/// <summary>
/// Operations per second from the mean time per operation (already divided by OperationsPerInvoke),
/// and MB/s (10^6 bytes) and Gbit/s for benchmarks that declare <see cref="BytesPerOperationAttribute"/>.
/// </summary>
public sealed class ThroughputColumn : IColumn
{
    private readonly Func<double, long?, double?> _value;
    private readonly string _format;

    private ThroughputColumn(string name, string format, Func<double, long?, double?> value)
    {
        ColumnName = name;
        _format = format;
        _value = value;
    }

    public static IColumn OperationsPerSecond { get; } = new ThroughputColumn("Op/s", "N0", (ns, _) => 1e9 / ns);

    public static IColumn MegabytesPerSecond { get; } = new ThroughputColumn("MB/s", "N1", (ns, bytes) => bytes * 1e3 / ns);

    public static IColumn GigabitsPerSecond { get; } = new ThroughputColumn("Gbit/s", "N2", (ns, bytes) => bytes * 8 / ns);

    public string Id => nameof(ThroughputColumn) + ColumnName;

    public string ColumnName { get; }

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => ColumnName switch
    {
        "Op/s" => "Operations per second on one core (1 / Mean)",
        "MB/s" => "Payload megabytes (10^6) per second on one core",
        _ => "Payload gigabits per second on one core",
    };

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (mean is null or <= 0)
        {
            return "-";
        }

        var bytes = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<BytesPerOperationAttribute>()?.Bytes;
        var value = _value(mean.Value, bytes);
        return value is null ? "-" : value.Value.ToString(_format, System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
