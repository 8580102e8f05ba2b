using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace LiveServer.HubLoad;

/// <summary>
/// A load process (<c>worker</c> subcommand, started by the coordinator): opens its share of the
/// viewers (<see cref="RawViewer"/>, or <see cref="SignalRViewer"/> with <c>--client signalr</c>), each
/// a connection that calls <c>JoinRoom</c> and counts <c>pubsubMessage</c>, <c>reactions</c> and
/// <c>pollUpdated</c>; then answers the coordinator's lines on stdin:
/// <c>report</c> (one <c>report {json}</c> line on stdout) and <c>stop</c> (close and exit).
/// Everything else it says goes to stderr.
/// </summary>
internal static class ViewerWorker
{
    private const int ConnectAttempts = 3;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var a = Arguments(args);
        var server = new Uri(a["--url"]);
        var roomId = a["--room"];
        var first = int.Parse(a["--first"], CultureInfo.InvariantCulture);
        var count = int.Parse(a["--count"], CultureInfo.InvariantCulture);
        var messages = int.Parse(a["--messages"], CultureInfo.InvariantCulture);
        var concurrency = int.Parse(a["--concurrency"], CultureInfo.InvariantCulture);
        var tokens = new LoadTokens(Environment.GetEnvironmentVariable("Auth__Secret") ?? throw new InvalidOperationException("Auth__Secret is not set."));
        var stats = new ViewerStats(count, messages);
        var raw = !a.TryGetValue("--client", out var client) || client == "raw";
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());
        var connections = new IAsyncDisposable?[count];
        var stopping = false;
        var retries = 0;
        var errors = new List<string>();
        var ramp = Stopwatch.StartNew();
        using (var gate = new SemaphoreSlim(concurrency))
        {
            await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    for (var attempt = 1; attempt <= ConnectAttempts && connections[i] is null; attempt++)
                    {
                        try
                        {
                            var token = tokens.Viewer(roomId, $"viewer-{first + i}");
                            bool Stopping() => Volatile.Read(ref stopping);
                            connections[i] = raw
                                ? await RawViewer.JoinAsync(server, roomId, token, i, stats, Stopping, invoker, CancellationToken.None)
                                : await SignalRViewer.JoinAsync(server, roomId, token, i, stats, Stopping);
                        }
                        catch (Exception e) when (e is not OutOfMemoryException)
                        {
                            lock (errors)
                            {
                                retries += attempt < ConnectAttempts ? 1 : 0;
                                if (errors.Count < 5)
                                {
                                    errors.Add(e.GetType().Name + ": " + e.Message);
                                }
                            }
                        }
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        var connected = connections.Count(c => c is not null);
        using var pinging = new CancellationTokenSource();
        var pings = raw ? PingAsync(connections.OfType<RawViewer>().ToList(), pinging.Token) : Task.CompletedTask;
        await WriteLineAsync("ready " + JsonSerializer.Serialize(new WorkerReady(connected, count - connected, retries, errors, ramp.Elapsed.TotalSeconds)));
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line == "report")
            {
                var report = stats.Report(connected, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);
                await WriteLineAsync("report " + JsonSerializer.Serialize(report));
            }
            else if (line == "stop")
            {
                break;
            }
        }

        Volatile.Write(ref stopping, true);
        await pinging.CancelAsync();
        await pings.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        using (var gate = new SemaphoreSlim(concurrency))
        {
            await Task.WhenAll(connections.OfType<IAsyncDisposable>().Select(async c =>
            {
                await gate.WaitAsync();
                try
                {
                    await c.DisposeAsync();
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        return 0;
    }

    /// <summary>Every 10 s a ping from each light viewer, spread over the interval.</summary>
    private static async Task PingAsync(IReadOnlyList<RawViewer> viewers, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(10);
        while (!cancellationToken.IsCancellationRequested)
        {
            var round = Stopwatch.StartNew();
            for (var i = 0; i < viewers.Count; i++)
            {
                try
                {
                    await viewers[i].PingAsync(cancellationToken);
                }
                catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException)
                {
                    // Its receive loop sees the closed socket and counts it.
                }

                var due = interval * (i + 1) / viewers.Count;
                if (round.Elapsed < due && i % 50 == 49)
                {
                    await Task.Delay(due - round.Elapsed, cancellationToken);
                }
            }

            if (round.Elapsed < interval)
            {
                await Task.Delay(interval - round.Elapsed, cancellationToken);
            }
        }
    }

    private static async Task WriteLineAsync(string line)
    {
        await Console.Out.WriteLineAsync(line);
        await Console.Out.FlushAsync();
    }

    private static Dictionary<string, string> Arguments(IReadOnlyList<string> args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            map[args[i]] = args[i + 1];
        }

        foreach (var key in new[] { "--url", "--room", "--first", "--count", "--messages", "--concurrency" })
        {
            if (!map.ContainsKey(key))
            {
                throw new ArgumentException($"worker needs {key}.");
            }
        }

        return map;
    }
}
