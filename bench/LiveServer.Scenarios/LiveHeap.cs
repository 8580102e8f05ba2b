using System.Globalization;
using System.Text.RegularExpressions;
using LiveServer.TestKit;

namespace LiveServer.Scenarios;

/// <summary>
/// The live managed heap of a .NET process: <c>dotnet-gcdump</c> (the repository's local tool,
/// <c>.config/dotnet-tools.json</c>, restored by scripts/scenarios.sh) makes the process run a full
/// collection and dump what survived; the report's total is the bytes of live objects. Unlike RSS it
/// does not count memory the GC keeps committed for later, so it shows a leak of managed objects as
/// growth and nothing else.
/// </summary>
public static partial class LiveHeap
{
    /// <summary>Megabytes of live objects in process <paramref name="pid"/> after a full collection.</summary>
    public static async Task<double> MegabytesAsync(int pid, CancellationToken cancellationToken)
    {
        var dump = Path.Combine(Path.GetTempPath(), $"liveserver-{pid}-{Guid.NewGuid():N}.gcdump");
        try
        {
            await GcdumpAsync(["collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", dump], cancellationToken);
            var report = await GcdumpAsync(["report", dump], cancellationToken);
            var total = HeapBytes().Match(report);
            if (!total.Success)
            {
                throw new InvalidOperationException($"dotnet-gcdump report printed no heap total: {report[..Math.Min(report.Length, 300)]}");
            }

            return long.Parse(total.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) / 1e6;
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private static async Task<string> GcdumpAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        (await ToolProcess.RunAsync("dotnet", ["tool", "run", "dotnet-gcdump", .. arguments], cancellationToken, ServerProcess.RepositoryRoot())).Output;

    [GeneratedRegex(@"([\d,]+)\s+GC Heap bytes")]
    private static partial Regex HeapBytes();
}
