using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace LiveServer.HubLoad;

/// <summary>
/// One run against a server that is already up: a room; the senders' connections and a warm-up; the
/// server's memory; the viewers, joined by the load processes; the memory again once they settled;
/// the load for its duration with a vote burst halfway; a drain; a second burst on the quiet hub; then
/// every process's figures. Each wait has a limit, so the run ends by itself.
/// </summary>
internal sealed class HubLoadRun(HubLoadOptions options, string repositoryRoot)
{
    private const int ViewersPerRampSecond = 100;

    public async Task<HubLoadRaw> RunAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        Directory.CreateDirectory(options.OutputFolder);
        var loadBefore = LoadAverage();
        var tokens = new LoadTokens(options.Secret);
        var roomId = await CreateRoomAsync(tokens, cancellationToken);
        Say($"room {roomId}; {options.ReactionSenders} reaction senders and {options.ChatSenders} chat senders joining");
        await using var senders = await LoadSenders.ConnectAsync(options.Url, roomId, tokens, options.ReactionSenders, options.ChatSenders);
        await senders.WarmUpAsync();
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var (rssBefore, heapBefore, collectedBefore) = await MemoryAsync(Dump(started, "before"), cancellationToken);
        Say($"server before viewers: RSS {Mb(rssBefore)}{(heapBefore is { } h ? $", live heap {Mb(h)}" : string.Empty)}");

        var workers = new List<WorkerProcess>();
        var ramp = Stopwatch.StartNew();
        try
        {
            var share = (int)Math.Ceiling(options.Viewers / (double)options.Processes);
            for (var i = 0; i * share < options.Viewers; i++)
            {
                workers.Add(WorkerProcess.Start(i, options, roomId, i * share, Math.Min(share, options.Viewers - (i * share))));
            }

            Say($"{options.Viewers} viewers joining from {workers.Count} load processes, {options.Concurrency} at a time each");
            using var rampLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            rampLimit.CancelAfter(TimeSpan.FromSeconds(120) + TimeSpan.FromSeconds(options.Viewers / ViewersPerRampSecond));
            var readies = await Task.WhenAll(workers.Select(w => w.ReadyAsync(rampLimit.Token)));
            var rampSeconds = ramp.Elapsed.TotalSeconds;
            Say($"{readies.Sum(r => r.Connected)} joined, {readies.Sum(r => r.Failed)} failed, in {rampSeconds:0.0} s");
            await Task.Delay(options.Settle, cancellationToken);
            var (rssJoined, heapJoined, collectedJoined) = await MemoryAsync(Dump(started, "joined"), cancellationToken);
            Say($"server with viewers: RSS {Mb(rssJoined)}{(heapJoined is { } j ? $", live heap {Mb(j)}" : string.Empty)}");

            var slow = new List<SlowViewer>();
            for (var i = 0; i < options.SlowViewers; i++)
            {
                slow.Add(await SlowViewer.JoinAsync(options.Url, roomId, tokens.Viewer(roomId, $"slow-{i}"), cancellationToken));
            }

            using var votes = new VoteBurst(options.Url, roomId, tokens);
            var bursts = new List<VoteBurstResult>();
            var peak = new PeakSampler(options.ServerPid);
            var cpu = CpuCounter.Start(options.ServerPid, workers.Select(w => w.ProcessId));
            var whole = CpuCounter.Start(options.ServerPid, workers.Select(w => w.ProcessId));
            slow.ForEach(s => s.StopReading());
            Say($"load: {options.ReactionsPerSecond} reactions/s and {options.ChatPerSecond} chat messages/s for {options.Load.TotalSeconds:0} s; a {options.Votes}-vote burst halfway");
            var sent = await senders.RunAsync(
                options.ReactionsPerSecond,
                options.ChatPerSecond,
                options.MaxMessages,
                options.Load,
                options.Drain,
                async () =>
                {
                    if (options.Votes > 0)
                    {
                        var burst = await votes.RunAsync("load", options.Votes, cancellationToken);
                        lock (bursts)
                        {
                            bursts.Add(burst);
                        }
                    }
                },
                cancellationToken);
            var load = cpu.Stop();
            var rssPeak = await peak.StopAsync();
            Say($"sent {sent.ReactionsSent} reactions ({sent.ReactionsAccepted} accepted) and {sent.ChatSent} chat messages ({sent.ChatAccepted} accepted) in {sent.Seconds:0.0} s; draining");
            await Task.Delay(options.Drain, cancellationToken);
            if (options.Votes > 0)
            {
                Say($"a {options.Votes}-vote burst on the quiet hub");
                bursts.Add(await votes.RunAsync("quiet", options.Votes, cancellationToken));
                await Task.Delay(options.Drain, cancellationToken);
            }

            using var reportLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            reportLimit.CancelAfter(TimeSpan.FromSeconds(60));
            var reports = await Task.WhenAll(workers.Select(w => w.ReportAsync(reportLimit.Token)));
            var afterLoad = whole.Stop();
            var slowDrops = slow.Select(s => s.DroppedAfter?.TotalSeconds).ToList();
            foreach (var s in slow)
            {
                await s.DisposeAsync();
            }

            return new HubLoadRaw(
                started,
                Environment.ProcessorCount,
                loadBefore,
                LoadAverage(),
                roomId,
                senders.Connections,
                readies,
                rampSeconds,
                rssBefore,
                rssJoined,
                rssPeak,
                options.ServerPid is { } pid ? ProcessProbe.RssBytes(pid) : null,
                heapBefore,
                heapJoined,
                collectedBefore,
                collectedJoined,
                sent,
                bursts,
                reports,
                load,
                afterLoad,
                slowDrops);
        }
        finally
        {
            await Task.WhenAll(workers.Select(w => w.DisposeAsync().AsTask()));
        }
    }

    private async Task<string> CreateRoomAsync(LoadTokens tokens, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = options.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Moderator());
        using var response = await http.PostAsJsonAsync("/v2/rooms", new { }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("roomId").GetString()!;
    }

    private string Dump(DateTimeOffset started, string moment) =>
        Path.Combine(options.OutputFolder, $"hub-load-{started:yyyyMMdd'T'HHmmss'Z'}-{moment}.gcdump");

    /// <summary>
    /// RSS as it is, then (with --gcdump) the live heap and RSS again right after the dump's full
    /// collection: the steadier figure, since RSS as it is depends on where the GC is in its cycle.
    /// </summary>
    private async Task<(long? Rss, long? Heap, long? RssCollected)> MemoryAsync(string dump, CancellationToken cancellationToken)
    {
        if (options.ServerPid is not { } pid)
        {
            return (null, null, null);
        }

        var rss = ProcessProbe.RssBytes(pid);
        if (!options.Gcdump)
        {
            return (rss, null, null);
        }

        var heap = await ProcessProbe.LiveHeapBytesAsync(pid, repositoryRoot, dump, cancellationToken);
        return (rss, heap, ProcessProbe.RssBytes(pid));
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string Mb(long? bytes) => bytes is { } b ? $"{b / 1048576.0:0.0} MiB" : "?";

    private static void Say(string line) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");
}
