using System.Diagnostics;

namespace LiveServer.HubLoad;

/// <summary>CPU seconds over a stretch of wall time: the server's, the load processes' and this coordinator's (senders, votes).</summary>
internal sealed class CpuCounter
{
    private readonly int? _server;
    private readonly IReadOnlyList<int> _workers;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly double _serverStart;
    private readonly double _workersStart;
    private readonly double _selfStart;
    private readonly long? _stalledStart;

    private CpuCounter(int? server, IReadOnlyList<int> workers)
    {
        _server = server;
        _workers = workers;
        _serverStart = server is { } s ? ProcessProbe.CpuSeconds(s) : 0;
        _workersStart = workers.Sum(ProcessProbe.CpuSeconds);
        _selfStart = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        _stalledStart = StalledMicroseconds();
    }

    public static CpuCounter Start(int? server, IEnumerable<int> workers) => new(server, [.. workers]);

    public CpuLoad Stop()
    {
        var wall = _wall.Elapsed.TotalSeconds;
        return new CpuLoad(
            wall,
            _server is { } s ? (ProcessProbe.CpuSeconds(s) - _serverStart) / wall : null,
            (_workers.Sum(ProcessProbe.CpuSeconds) - _workersStart) / wall,
            (Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - _selfStart) / wall,
            _server is { } p ? ProcessProbe.CpuSeconds(p) - _serverStart : null,
            StalledMicroseconds() is { } stalled && _stalledStart is { } start ? (stalled - start) / 1e6 / wall : null);
    }

    /// <summary>
    /// The kernel's CPU pressure (<c>/proc/pressure/cpu</c>, "some" total): microseconds in which at least
    /// one runnable task waited for a core. Near 100 % of the wall time means the machine was oversubscribed.
    /// </summary>
    private static long? StalledMicroseconds()
    {
        try
        {
            var some = File.ReadLines("/proc/pressure/cpu").FirstOrDefault(l => l.StartsWith("some ", StringComparison.Ordinal));
            var total = some?.Split(' ').FirstOrDefault(f => f.StartsWith("total=", StringComparison.Ordinal));
            return total is null ? null : long.Parse(total.AsSpan(6), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
