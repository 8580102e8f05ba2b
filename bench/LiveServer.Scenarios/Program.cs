using System.Diagnostics;
using LiveServer.Scenarios;
using LiveServer.TestKit;

// Whole-pipeline scenarios of issue 5 against the built server (scripts/scenarios.sh builds it).
// Usage: LiveServer.Scenarios [--quick] [--include results.json ...] [composite|playable|latency|capacity|memory|template ...]
string[] all = ["composite", "playable", "latency", "capacity", "memory", "template"];
var quick = args.Contains("--quick");
var includes = new List<string>();
var selected = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--include" && i + 1 < args.Length)
    {
        includes.Add(args[++i]);
    }
    else if (all.Contains(args[i]))
    {
        selected.Add(args[i]);
    }
    else if (args[i] != "--quick")
    {
        Console.Error.WriteLine($"unknown argument '{args[i]}'; scenarios: {string.Join(", ", all)}; options: --quick, --include <results.json>");
        return 2;
    }
}

if (selected.Count == 0)
{
    selected.AddRange(all);
}

var root = ServerProcess.RepositoryRoot();
var results = Path.Combine(root, "bench", "results");
var clipCache = Path.Combine(results, "test-source-cache");
var startedAt = DateTimeOffset.UtcNow;
var watch = Stopwatch.StartNew();
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var context = new ScenarioContext(await ServerConnection.StartAsync(clipCache), quick, clipCache);
context.Log($"server {context.Server.ProcessId} up; scenarios: {string.Join(", ", selected)}{(quick ? " (quick)" : "")}");
foreach (var scenario in selected)
{
    try
    {
        if (scenario == "memory")
        {
            // A fresh server, so that its memory starts from the same place in every run.
            await context.Server.DisposeAsync();
            context.Server = await ServerConnection.StartAsync(clipCache);
        }

        context.Log($"{scenario}: start");
        await (scenario switch
        {
            "composite" => CompositeScenario.RunAsync(context, cancel.Token),
            "playable" => TimeToPlayableScenario.RunAsync(context, cancel.Token),
            "latency" => LatencyScenario.RunAsync(context, cancel.Token),
            "capacity" => CapacityScenario.RunAsync(context, cancel.Token),
            "template" => TemplateScenario.RunAsync(context, cancel.Token),
            _ => MemoryScenario.RunAsync(context, cancel.Token),
        });
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        context.Log($"{scenario} failed: {e.Message}");
        context.Results.Add(new ScenarioResult(scenario, "run", null, "", "completes", false, e.GetType().Name + ": " + e.Message));
    }
}

await context.Server.DisposeAsync();

// Lines from other tools (e.g. the ingest packets-per-second load generator) join the table and the JSON's "extra".
var extra = includes.SelectMany(ScenarioReport.ReadInclude).ToList();
Console.WriteLine();
Console.WriteLine(ScenarioReport.Markdown([.. context.Results, .. extra]));
var written = ScenarioReport.Write(results, startedAt, quick, watch.Elapsed, context.Results, extra);
Console.WriteLine($"written: {written} and .md ({watch.Elapsed.TotalMinutes:0.0} min)");
return context.Results.Concat(extra).Any(r => r.Met == false) ? 1 : 0;
