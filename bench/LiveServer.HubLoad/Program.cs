using LiveServer.HubLoad;

// Hub fan-out (issue 13): many viewers on /hubs/rooms in one room while reactions and chat arrive,
// and vote bursts; see bench/README.md. bench/hub-load.sh starts the server and runs this
// coordinator, which starts its load processes (this program with `worker`) itself.
if (args.Length > 0 && args[0] == "worker")
{
    return await ViewerWorker.RunAsync(args[1..]);
}

var root = RepositoryRoot();
HubLoadOptions options;
try
{
    options = HubLoadOptions.Parse(args, Path.Combine(root, "bench", "results"));
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}

// Ramp (at least 100 viewers a second), settle, load, drain, a quiet burst, reports: beyond this something hangs.
var limit = TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(options.Viewers / 100.0) + options.Load + (3 * options.Drain) + options.Settle;
using var cancel = new CancellationTokenSource(limit);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var raw = await new HubLoadRun(options, root).RunAsync(cancel.Token);
var report = new HubLoadReport(options, raw, HubLoadFigures.From(raw));
Console.WriteLine();
Console.WriteLine(report.Describe());
Console.Write(report.Table(markdown: false));
Console.WriteLine();
Console.Write(report.Timeline());
var written = await report.WriteAsync(CancellationToken.None);
Console.WriteLine($"written: {written}.json, .md");
Console.WriteLine(report.AllMet ? "VERDICT: every target met" : "VERDICT: a target was missed (✗ above)");
return report.AllMet ? 0 : 1;

static string RepositoryRoot()
{
    var folder = new DirectoryInfo(AppContext.BaseDirectory);
    while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "LiveServer.sln")))
    {
        folder = folder.Parent;
    }

    return folder?.FullName ?? Directory.GetCurrentDirectory();
}
