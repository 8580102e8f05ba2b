using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;
using LiveServer.TestKit.WebRtc;

namespace LiveServer.IngestLoad;

/// <summary>
/// Runs the steps against one server process: per step a fresh room, N WHIP publishers connected
/// for real (offer, ICE, DTLS, SRTP), a short warm-up, then the measured blast. The server's own
/// counters (GET /v2/rooms/{id}/participants) say what it took in; /proc says what it cost.
/// </summary>
internal sealed class IngestLoadRun(ServerProcess server, CapturedVp8Stream stream, IngestLoadOptions options)
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Drain = TimeSpan.FromMilliseconds(300);

    /// <summary>The SRTP profile the last step's sessions negotiated.</summary>
    public string LastProfile { get; private set; } = "not negotiated";

    public async Task<IngestStepResult> RunStepAsync(int sessions, string rate, CancellationToken cancellationToken)
    {
        var roomId = await CreateRoomAsync(cancellationToken);
        var publishers = new List<WhipPublisher>();
        try
        {
            for (var i = 0; i < sessions; i++)
            {
                publishers.Add(await WhipPublisher.ConnectAsync(server.Client, roomId, $"load-{i + 1}", cancellationToken));
            }

            LastProfile = publishers[0].Profile.ToString();
            var replays = publishers.Select(p => new Vp8StreamReplay(stream, p)).ToList();
            var packetsPerSecond = rate switch
            {
                "max" => 0,
                "realtime" => stream.RealTimePacketsPerSecond,
                _ => double.Parse(rate, CultureInfo.InvariantCulture),
            };

            // JIT, socket buffers and jitter buffers settle before anything is counted.
            await Task.WhenAll(replays.Select(r => r.RunAsync(packetsPerSecond, Warmup, cancellationToken)));
            await Task.Delay(Drain, cancellationToken);

            var before = await CountersAsync(roomId, cancellationToken);
            var serverBefore = ProcessSample.Read(server.ProcessId).CpuTime;
            var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var sentBefore = replays.Sum(r => r.PacketsSent);
            var nacksBefore = publishers.Sum(p => p.NacksReceived);
            var dropsBefore = UdpStatistics.ReceiveBufferErrors();
            var clock = Stopwatch.StartNew();

            await Task.WhenAll(replays.Select(r => r.RunAsync(packetsPerSecond, options.Blast, cancellationToken)));
            var seconds = clock.Elapsed.TotalSeconds;

            // What is still queued in the server's socket belongs to this step: counted, and its CPU with it.
            await Task.Delay(Drain, cancellationToken);
            var serverCpu = (ProcessSample.Read(server.ProcessId).CpuTime - serverBefore).TotalSeconds;
            var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalSeconds;
            var after = await CountersAsync(roomId, cancellationToken);
            long Delta(string key) => after.GetValueOrDefault(key) - before.GetValueOrDefault(key);
            return new IngestStepResult(
                sessions,
                rate == "realtime" ? string.Create(CultureInfo.InvariantCulture, $"realtime ({stream.RealTimePacketsPerSecond:0}/s)") : rate,
                seconds,
                replays.Sum(r => r.PacketsSent) - sentBefore,
                Delta("packets"),
                Delta("bytes"),
                Delta("decryptFailures"),
                Delta("lost"),
                Delta("framesEmitted"),
                Delta("framesDiscarded"),
                publishers.Sum(p => p.NacksReceived) - nacksBefore,
                UdpStatistics.ReceiveBufferErrors() - dropsBefore,
                serverCpu,
                clientCpu);
        }
        finally
        {
            foreach (var publisher in publishers)
            {
                await publisher.DisposeAsync();
            }
        }
    }

    private async Task<string> CreateRoomAsync(CancellationToken cancellationToken)
    {
        using var response = await server.Client.PostAsJsonAsync("/v2/rooms", new { }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("roomId").GetString()!;
    }

    /// <summary>The transport counters of every WebRTC participant of the room, summed by name.</summary>
    private async Task<Dictionary<string, long>> CountersAsync(string roomId, CancellationToken cancellationToken)
    {
        var participants = await server.Client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants", cancellationToken);
        var sums = new Dictionary<string, long>();
        var list = participants.ValueKind == JsonValueKind.Array ? participants : participants.GetProperty("data");
        foreach (var participant in list.EnumerateArray())
        {
            if (!participant.TryGetProperty("transport", out var transport) || transport.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var counter in transport.EnumerateObject())
            {
                sums[counter.Name] = sums.GetValueOrDefault(counter.Name) + counter.Value.GetInt64();
            }
        }

        return sums;
    }
}
