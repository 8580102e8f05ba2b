// Store and webhook figures (issue 12), measured in one run:
// 1. Room events (each with two webhook deliveries) through StoreWriter's batches vs one transaction
//    per event, on a temporary SQLite file (WAL, synchronous=FULL): events per second and the ratio;
//    then at a steady 500 events/s, the time from Post to committed (p50, p99).
// 2. The built server process with a webhook receiver of ours on loopback: test participants join
//    and leave; the time from the REST call that caused the event to the signed webhook's arrival
//    (p50, p95).
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.Storage;
using LiveServer.Storage.Sqlite;
using LiveServer.TestKit;

var events = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5000;
var folder = Path.Combine(Path.GetTempPath(), "liveserver-storebench", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
try
{
    var batched = await EventsPerSecondAsync(Path.Combine(folder, "batched.db"), events, batched: true);
    var single = await EventsPerSecondAsync(Path.Combine(folder, "single.db"), Math.Min(events, 500), batched: false);
    Console.WriteLine($"store: {batched:F0} events/s batched, {single:F0} events/s one transaction each, ratio {batched / single:F1}");
    var (p50, p99) = await CommitLatencyAsync(Path.Combine(folder, "latency.db"), rate: 500, seconds: 5);
    Console.WriteLine($"store: at 500 events/s, Post to committed p50 {p50:F1} ms, p99 {p99:F1} ms");
    var (w50, w95, count) = await WebhookLatencyAsync(rounds: 15);
    Console.WriteLine($"webhooks: {count} events, REST call to signed webhook received p50 {w50:F0} ms, p95 {w95:F0} ms");
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}

static StoreWrite Event(long seq) => new StoreWrite.AppendEvent(
    new StoredRoomEvent("room", seq, "participantJoined", DateTimeOffset.UtcNow, "{\"roomId\":\"room\",\"participantId\":\"p\",\"name\":\"Ann\"}"),
    [.. new[] { "http://one.example/hook", "http://two.example/hook" }.Select(url => new StoredWebhookDelivery(
        Guid.NewGuid().ToString("N"), "wh_" + seq, "participant-joined", url, "room", seq, "{}", "pending", 0,
        DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1), null, null, null))]);

static async Task<double> EventsPerSecondAsync(string path, int count, bool batched)
{
    await using var store = SqliteLiveStore.Open(path, TimeProvider.System);
    await using var writer = new StoreWriter(store);
    var clock = Stopwatch.StartNew();
    if (batched)
    {
        var pending = Enumerable.Range(1, count).Select(i => writer.WriteAsync(Event(i))).ToList();
        await Task.WhenAll(pending);
    }
    else
    {
        for (var i = 1; i <= count; i++)
        {
            await store.WriteAsync([Event(i)], CancellationToken.None);
        }
    }

    return count / clock.Elapsed.TotalSeconds;
}

static async Task<(double P50, double P99)> CommitLatencyAsync(string path, int rate, int seconds)
{
    await using var store = SqliteLiveStore.Open(path, TimeProvider.System);
    await using var writer = new StoreWriter(store);
    var latencies = new List<double>();
    var waits = new List<Task>();
    var clock = Stopwatch.StartNew();
    for (var i = 1; i <= rate * seconds; i++)
    {
        var due = TimeSpan.FromSeconds((double)i / rate);
        if (due > clock.Elapsed)
        {
            await Task.Delay(due - clock.Elapsed);
        }

        var posted = clock.Elapsed;
        waits.Add(writer.WriteAsync(Event(i)).ContinueWith(
            _ => { lock (latencies) { latencies.Add((clock.Elapsed - posted).TotalMilliseconds); } }, TaskScheduler.Default));
    }

    await Task.WhenAll(waits);
    latencies.Sort();
    return (latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)]);
}

static async Task<(double P50, double P95, int Count)> WebhookLatencyAsync(int rounds)
{
    using var listener = new HttpListener();
    var port = FreePort();
    listener.Prefixes.Add($"http://127.0.0.1:{port}/");
    listener.Start();
    var arrivals = new Dictionary<string, TimeSpan>();
    var clock = Stopwatch.StartNew();
    var receiving = Task.Run(async () =>
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = await JsonDocument.ParseAsync(context.Request.InputStream);
            var data = body.RootElement.GetProperty("data");
            var key = body.RootElement.GetProperty("webhookType").GetString() + ":" + data.GetProperty("participantId").GetString();
            lock (arrivals)
            {
                arrivals[key] = clock.Elapsed;
            }

            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    });

    await using var server = await ServerProcess.StartAsync(
        ("Webhooks__Urls__0", $"http://127.0.0.1:{port}/hook"), ("Webhooks__AllowPrivateNetworks", "true"), ("Webhooks__Secret", "bench-secret"));
    var room = (await (await server.Client.PostAsJsonAsync("/v2/rooms", new { })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roomId").GetString();
    var sent = new Dictionary<string, TimeSpan>();
    for (var i = 0; i < rounds; i++)
    {
        var name = $"p{i}";
        var started = clock.Elapsed;
        var created = await server.Client.PostAsJsonAsync($"/v2/rooms/{room}/test-participants", new { name, width = 160, height = 90 });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participantId").GetString();
        sent["participant-joined:" + id] = started;
        await Task.Delay(200);
        sent["participant-left:" + id] = clock.Elapsed;
        await server.Client.DeleteAsync($"/v2/rooms/{room}/participants/{id}");
        await Task.Delay(200);
    }

    for (var i = 0; i < 100 && arrivals.Count < sent.Count; i++)
    {
        await Task.Delay(100);
    }

    listener.Stop();
    await receiving;
    var latencies = sent.Where(s => arrivals.ContainsKey(s.Key)).Select(s => (arrivals[s.Key] - s.Value).TotalMilliseconds).Order().ToList();
    return (latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.95)], latencies.Count);
}

static int FreePort()
{
    using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    socket.Start();
    return ((IPEndPoint)socket.LocalEndpoint).Port;
}
