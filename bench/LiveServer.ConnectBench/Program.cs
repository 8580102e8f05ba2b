// Offer → connected, per WHIP client (issue 10): stock Chromium and Firefox ESR through the publish
// page, aiortc and GStreamer, each started N times (default 10) in the client namespace of a test
// network against the built server in its server namespace (default media settings). For each run
// the server's connect timeline of the session (ms from the moment its answer was made: first
// authenticated check, nomination, DTLS done, first PLI, first frame, first keyframe) is read from
// the participant's transport counters; the median and p90 of each step are printed per client and
// written to bench/results/connect.md and .json. The time a client spends before its POST (starting
// a browser, gathering candidates) is its own and not counted. Needs root (network namespaces).
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LiveServer.TestKit;
using LiveServer.TestKit.Interop;

var runs = 10;
var clients = new List<string> { "chromium", "firefox", "aiortc", "gstreamer" };
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs" when i + 1 < args.Length:
            runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--clients" when i + 1 < args.Length:
            clients = [.. args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries)];
            break;
        default:
            Console.Error.WriteLine("usage: LiveServer.ConnectBench [--runs N] [--clients chromium,firefox,aiortc,gstreamer]");
            return 2;
    }
}

string[] steps = ["connectFirstCheckMs", "connectNominatedMs", "connectDtlsMs", "connectFirstVideoPacketMs", "connectFirstPliMs", "connectFirstFrameMs", "connectFirstKeyframeMs"];
using var network = TestNetwork.Create();
await using var server = await ServerProcess.StartInNamespaceAsync(network);
var results = new Dictionary<string, List<Dictionary<string, long>>>();
foreach (var client in clients)
{
    results[client] = [];
    for (var run = 0; run < runs; run++)
    {
        var room = (await (await server.Client.PostAsJsonAsync("/v2/rooms", new { })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("roomId").GetString()!;
        var whip = new Uri(server.BaseAddress, $"/v2/rooms/{room}/whip");
        var query = $"room={room}&name={client}&token={TestTokens.Default}";
        await using var publisher = client switch
        {
            "chromium" => Publishers.Chromium(network, server.BaseAddress, query),
            "firefox" => Publishers.Firefox(network, server.BaseAddress, query),
            "aiortc" => Publishers.Aiortc(network, whip, TestTokens.Default),
            "gstreamer" => Publishers.GStreamer(network, whip, TestTokens.Default),
            _ => throw new ArgumentException($"unknown client {client}"),
        };
        var timeline = await WaitForKeyframeAsync(server, room, publisher);
        results[client].Add(timeline);
        Console.WriteLine($"{client} run {run + 1}: {string.Join(", ", steps.Select(s => $"{Short(s)} {(timeline.TryGetValue(s, out var v) ? v.ToString(CultureInfo.InvariantCulture) : "-")}"))}");
    }
}

var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"Offer → connected, ms from the server's answer ({runs} runs per client, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC), median / p90:");
report.AppendLine();
report.AppendLine($"| client | {string.Join(" | ", steps.Select(Short))} |");
report.AppendLine($"|---|{string.Concat(steps.Select(_ => "---|"))}");
foreach (var (client, timelines) in results)
{
    var cells = steps.Select(step =>
    {
        var values = timelines.Where(t => t.ContainsKey(step)).Select(t => t[step]).Order().ToArray();
        return values.Length == 0 ? "-" : $"{Percentile(values, 0.5)} / {Percentile(values, 0.9)}";
    });
    report.AppendLine($"| {client} | {string.Join(" | ", cells)} |");
}

Console.WriteLine();
Console.Write(report);
var folder = Path.Combine(ServerProcess.RepositoryRoot(), "bench", "results");
Directory.CreateDirectory(folder);
await File.WriteAllTextAsync(Path.Combine(folder, "connect.md"), report.ToString());
await File.WriteAllTextAsync(Path.Combine(folder, "connect.json"), JsonSerializer.Serialize(results));
return 0;

static string Short(string step) => step["connect".Length..^"Ms".Length];

static long Percentile(long[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

// The participant's connect timeline once its first keyframe arrived (60 s at most).
static async Task<Dictionary<string, long>> WaitForKeyframeAsync(ServerProcess server, string room, ClientProcess publisher)
{
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (DateTime.UtcNow < deadline)
    {
        if (publisher.HasExited)
        {
            throw new InvalidOperationException("the client exited:\n" + publisher.Output);
        }

        var participants = await server.Client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{room}/participants");
        if (participants.GetArrayLength() == 1
            && participants[0].GetProperty("transport") is { ValueKind: JsonValueKind.Object } transport
            && transport.TryGetProperty("connectFirstKeyframeMs", out _))
        {
            return transport.EnumerateObject().Where(p => p.Name.StartsWith("connect", StringComparison.Ordinal))
                .ToDictionary(p => p.Name, p => p.Value.GetInt64());
        }

        await Task.Delay(100);
    }

    throw new TimeoutException("no keyframe arrived:\n" + publisher.Output);
}
