using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LiveServer.HubLoad;

/// <summary>The summary table, the verdict against the issue's targets, and the JSON + markdown files in bench/results/.</summary>
internal sealed class HubLoadReport(HubLoadOptions options, HubLoadRaw raw, HubLoadFigures figures)
{
    public const double FanOutP99TargetMs = 250;
    public const double PerViewerTargetKb = 20;
    public const double BurstTargetMs = 1000;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Rows of (figure, measured, target, met): met is null for a figure without a target.</summary>
    public IReadOnlyList<(string Figure, string Value, string Target, bool? Met)> Rows()
    {
        var f = figures;
        var rows = new List<(string, string, string, bool?)>
        {
            ("viewers joined / asked (failed)", $"{f.ViewersJoined} / {f.ViewersAsked} ({f.ViewersFailed}) in {f.RampSeconds:0.0} s, + {raw.SenderConnections} sender connections", $"{options.Viewers}", f.ViewersJoined == options.Viewers),
            ("viewers disconnected during the run", $"{f.ViewersClosed}", "0", f.ViewersClosed == 0 && f.ViewersFailed == 0),
            ("load: reactions sent (accepted) per s", $"{f.ReactionsPerSecond:N0} ({f.ReactionsAccepted / raw.Sent.Seconds:N0}; refused/failed {f.ReactionsRefusedOrFailed}; skipped, sender behind schedule {raw.Sent.ReactionsSkipped})", $"{options.ReactionsPerSecond}", f.ReactionsAccepted / raw.Sent.Seconds >= 0.95 * options.ReactionsPerSecond),
            ("load: chat messages sent (accepted) per s", $"{f.ChatPerSecond:N0} ({f.ChatAccepted / raw.Sent.Seconds:N0}; {f.ChatSent} sent, {raw.Sent.ChatSkipped} skipped)", $"{options.ChatPerSecond}", f.ChatAccepted / raw.Sent.Seconds >= 0.95 * options.ChatPerSecond),
            ("chat deliveries missing / expected", $"{f.DeliveriesMissing:N0} / {f.DeliveriesExpected:N0} ({f.MessagesToEveryViewer} of {f.ChatAccepted} messages reached every viewer)", "0", f.DeliveriesMissing == 0),
            ("fan-out per (message, viewer), send → arrival", Ms(f.PairFromSend), string.Empty, null),
            ("fan-out per (message, viewer), server at → arrival", Ms(f.PairFromServer), string.Empty, null),
            ("fan-out to the LAST viewer per message, send → arrival", Ms(f.LastViewerFromSend), $"p99 ≤ {FanOutP99TargetMs:0} ms", f.LastViewerFromSend.P99 <= FanOutP99TargetMs),
            ("fan-out to the last viewer, server at → arrival", Ms(f.LastViewerFromServer), string.Empty, null),
            ("reactions events, server at → arrival", Ms(f.ReactionsFromServer), string.Empty, null),
            ("viewers whose reaction counts add up to the accepted", $"{f.ViewersWithEveryReaction} / {f.ViewersJoined} (sums {f.ReactionSumMin:N0} … {f.ReactionSumMax:N0} of {f.ReactionsAccepted:N0})", "all", f.ViewersWithEveryReaction == f.ViewersJoined),
        };
        foreach (var b in f.Bursts)
        {
            var statuses = string.Join(", ", b.Statuses.Select(s => $"{s.Key}: {s.Value}"));
            rows.Add((
                $"vote burst ({b.Label}): first vote sent → final count on every viewer",
                (b.FinalCountSeen.Count == 0 ? "no viewer saw the final count" : $"{b.FinalCountSeen.Max:0} ms (p50 {b.FinalCountSeen.P50:0} ms)")
                + $"; {b.ViewersWithFinalCount} / {b.Viewers} viewers saw {b.Accepted}; REST {statuses}, answered p50 {b.MedianAnswerMs:0} / last {b.LastAnswerMs:0} ms",
                $"≤ {BurstTargetMs:0} ms",
                b.Accepted == b.Sent && b.ViewersWithFinalCount == b.Viewers && b.FinalCountSeen.Max <= BurstTargetMs));
        }

        rows.Add(("server RSS before viewers / joined / peak under load / end", $"{Mb(f.RssBeforeMb)} / {Mb(f.RssJoinedMb)} / {Mb(f.RssPeakMb)} / {Mb(f.RssEndMb)}", string.Empty, null));
        rows.Add(("server memory per viewer (RSS delta / viewers)", f.RssPerViewerKb is { } kb ? $"{kb:0.0} KB" : "not measured (no --server-pid)", $"≤ {PerViewerTargetKb:0} KB", f.RssPerViewerKb is { } k ? k <= PerViewerTargetKb : null));
        if (f.HeapPerViewerKb is { } heap)
        {
            rows.Add(("live managed heap before / joined (dotnet-gcdump), per viewer", $"{Mb(f.HeapBeforeMb)} / {Mb(f.HeapJoinedMb)}, {heap:0.0} KB", string.Empty, null));
            rows.Add(("server RSS per viewer right after that full collection", f.RssCollectedPerViewerKb is { } c ? $"{c:0.0} KB" : "?", string.Empty, null));
        }

        rows.Add(("cores during the load: server / load processes / senders", $"{Cores(f.Cpu.ServerCores)} / {Cores(f.Cpu.LoadProcessCores)} / {Cores(f.Cpu.CoordinatorCores)} of {raw.Cores} (load average {raw.LoadAverageBefore} → {raw.LoadAverageAfter})", string.Empty, null));
        rows.Add(("CPU pressure during the load (time some task waited for a core)", f.Cpu.CpuPressure is { } pressure ? $"{pressure:P0}" : "?", string.Empty, null));
        rows.Add((
            "server CPU per delivered event (chat + reactions, load start → reports)",
            f.ServerCpuPerEventUs is { } us ? $"{us:0.00} µs ({f.EventsDelivered:N0} events, {f.Whole.ServerCpuSeconds:0.0} CPU s in {f.Whole.Seconds:0} s): at most {1e6 / us:N0} deliveries/s per core" : "?",
            string.Empty,
            null));
        if (f.RecordsPerWebSocketMessage is { } batch)
        {
            rows.Add(("records per WebSocket message the viewers read (server-side batching)", $"{batch:0.0}", string.Empty, null));
        }
        foreach (var (dropped, i) in f.SlowViewersDroppedAfterSeconds.Select((d, i) => (d, i)))
        {
            rows.Add(($"slow viewer {i} (stops reading): dropped by the server after", dropped is { } s ? $"{s:0.0} s" : "not dropped by the end", "dropped", dropped is not null));
        }

        return rows;
    }

    public bool AllMet => Rows().All(r => r.Met != false);

    public string Table(bool markdown)
    {
        var rows = Rows();
        var text = new StringBuilder();
        if (markdown)
        {
            text.AppendLine("| figure | measured | target | |").AppendLine("|---|---|---|---|");
            foreach (var (figure, value, target, met) in rows)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {figure} | {value} | {target} | {Mark(met)} |");
            }

            return text.ToString();
        }

        var width = rows.Max(r => r.Figure.Length);
        foreach (var (figure, value, target, met) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{figure.PadRight(width)}  {Mark(met),-2} {value}{(target.Length > 0 ? $"   [target {target}]" : string.Empty)}");
        }

        return text.ToString();
    }

    public string Timeline()
    {
        var text = new StringBuilder("second: messages, last-viewer p50 / p99 / max ms\n");
        foreach (var s in figures.Timeline)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {s.Second,3}: {s.Messages,4}, {s.LastViewer.P50,8:0.0} / {s.LastViewer.P99,8:0.0} / {s.LastViewer.Max,8:0.0}");
        }

        return text.ToString();
    }

    public async Task<string> WriteAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.OutputFolder);
        var name = Path.Combine(options.OutputFolder, $"hub-load-{raw.Started:yyyyMMdd'T'HHmmss'Z'}");
        var json = JsonSerializer.Serialize(new { options = Describe(), figures, raw.Bursts, raw.Readies, raw.Sent.Refusals }, JsonOptions);
        await File.WriteAllTextAsync(name + ".json", json, cancellationToken);
        var md = $"""
            # Hub fan-out

            {raw.Started:yyyy-MM-dd HH:mm} UTC, {raw.Cores} cores, room {raw.RoomId}. {Describe()}

            {Table(markdown: true)}
            ```
            {Timeline()}
            ```
            """;
        await File.WriteAllTextAsync(name + ".md", md, cancellationToken);
        return name;
    }

    public string Describe() =>
        $"{options.Viewers} viewers ({options.Client} client) in {options.Processes} load processes; {options.ReactionsPerSecond} reactions/s from {options.ReactionSenders} senders, "
        + $"{options.ChatPerSecond} chat messages/s from {options.ChatSenders} senders, for {options.Load.TotalSeconds:0} s; {options.Votes}-vote bursts"
        + (options.SlowViewers > 0 ? $"; {options.SlowViewers} slow viewer(s)" : string.Empty) + ".";

    private static string Ms(Percentiles p) => p.Count == 0
        ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"p50 {p.P50:0.0} / p95 {p.P95:0.0} / p99 {p.P99:0.0} / max {p.Max:0.0} ms (n = {p.Count:N0})");

    private static string Mb(double? mb) => mb is { } m ? $"{m:0} MiB" : "?";

    private static string Cores(double? cores) => cores is { } c ? $"{c:0.00}" : "?";

    private static string Mark(bool? met) => met switch { true => "✓", false => "✗", null => string.Empty };
}
