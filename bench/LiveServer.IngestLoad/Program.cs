using System.Globalization;
using LiveServer.IngestLoad;
using LiveServer.TestKit;
using LiveServer.TestKit.WebRtc;

// WebRTC ingest cost (issue 5, scenario 5): starts the built server as its own process on
// 127.0.0.1, publishes into it over WHIP with real ICE, DTLS and SRTP from this process, replays a
// VP8 RTP stream as fast as it can (or at fixed rates) for a bounded time per step, and reports
// packets per second per core of the server. Loopback only; stops by itself. scripts/ingest-load.sh runs it.
IngestLoadOptions options;
try
{
    options = IngestLoadOptions.Parse(args, ServerProcess.RepositoryRoot());
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}

var steps = options.Rates.SelectMany(rate => options.Sessions.Select(sessions => (sessions, rate))).ToList();
var limit = TimeSpan.FromSeconds(60) + (steps.Count * (options.Blast + TimeSpan.FromSeconds(30)));
using var cancel = new CancellationTokenSource(limit);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var stream = await CapturedVp8Stream.LoadAsync(
    Path.Combine(options.OutputFolder, "cache"), 1280, 720, 30, TimeSpan.FromSeconds(10), 2500, cancel.Token);
Console.WriteLine($"captured stream (these RTP packets are replayed in a loop, SRTP applied live): {stream.Description}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"steps: {steps.Count} of {options.Blast.TotalSeconds:0} s each (+2 s warm-up), at most {limit.TotalMinutes:0.#} min in all"));

await using var server = await ServerProcess.StartAsync(("Serilog__MinimumLevel__Default", "Warning"));
Console.WriteLine($"server: pid {server.ProcessId} at {server.BaseAddress}");
var run = new IngestLoadRun(server, stream, options);
var results = new List<IngestStepResult>();
string srtp = "not negotiated";
try
{
    foreach (var (sessions, rate) in steps)
    {
        Console.WriteLine($"step: {sessions} session(s) at {rate} ...");
        var result = await run.RunStepAsync(sessions, rate, cancel.Token);
        results.Add(result);
        srtp = run.LastProfile;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {result.ReceivedPerSecond:N0} packets/s received of {result.SentPerSecond:N0} sent, {result.ServerCores:0.00} server cores, {result.PacketsPerCoreSecond:N0} packets/s per core"));
    }
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync("Stopped before every step ran; the results so far follow.");
}

var report = new IngestLoadReport(DateTimeOffset.UtcNow, MachineDescription(), stream.Description, srtp, results);
Console.WriteLine();
Console.Write(report.Table(markdown: false));
await report.WriteAsync(options.OutputFolder, CancellationToken.None);
Console.WriteLine($"results: {Path.Combine(options.OutputFolder, "ingest-load.json")} and ingest-load.md");
return results.Count == steps.Count ? 0 : 1;

static string MachineDescription()
{
    var model = File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        : null;
    return $"{Environment.ProcessorCount} cores ({model ?? "unknown CPU"}), .NET {Environment.Version}";
}
