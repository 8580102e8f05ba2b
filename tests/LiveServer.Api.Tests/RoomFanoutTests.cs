using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using LiveServer.Api.Rooms;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LiveServer.Api.Tests;

/// <summary>
/// A hub client that stops reading is dropped once a write to it has stayed unflushed for
/// <see cref="RoomFanout.SlowConsumerTimeout"/>, and holds up nobody: another client in the same room
/// keeps getting every event, in order. The clients are SignalR's own connection contexts over pipes;
/// the stalled one's pipe is never read (a small pause threshold stands in for full socket buffers),
/// and the fan-out's clock is faked, so the limit passes without waiting for it.
/// </summary>
public sealed class RoomFanoutTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Send_ClientStopsReading_DroppedAfterLimit_OtherClientGetsEveryEvent()
    {
        var fanout = new RoomFanout(Options.Create(new JsonHubProtocolOptions()), _time);
        var reader = Connect("reader", pauseWriterThreshold: 1024 * 1024);
        var stalled = Connect("stalled", pauseWriterThreshold: 1024);
        foreach (var client in (Client[])[reader, stalled])
        {
            fanout.Connected(client.Connection);
            fanout.Join("room", client.Connection.ConnectionId);
        }

        using var reading = new CancellationTokenSource(Generous);
        var received = ReadEventsAsync(reader.Server.Reader, reading.Token);
        var sent = 0;
        var step = TimeSpan.FromMilliseconds(250);
        for (var elapsed = TimeSpan.Zero; elapsed < 4 * RoomFanout.SlowConsumerTimeout && !stalled.Connection.ConnectionAborted.IsCancellationRequested; elapsed += step)
        {
            fanout.Send("room", [("pubsubMessage", new Numbered(sent++)), ("pubsubMessage", new Numbered(sent++))]);
            await Task.Delay(5);
            _time.Advance(step);
        }

        // SignalR cancels ConnectionAborted from the thread pool.
        await Eventually.TrueAsync(() => stalled.Connection.ConnectionAborted.IsCancellationRequested);
        Assert.Equal(1, fanout.SlowConsumersDropped);

        fanout.Send("room", [("pubsubMessage", new Numbered(-1))]);
        Assert.Equal(Enumerable.Range(0, sent), await received);
        Assert.False(reader.Connection.ConnectionAborted.IsCancellationRequested);
    }

    /// <summary>The <c>n</c> of each event up to the end marker (-1), in the order they arrived.</summary>
    private static async Task<List<int>> ReadEventsAsync(PipeReader pipe, CancellationToken cancellationToken)
    {
        var numbers = new List<int>();
        while (true)
        {
            var result = await pipe.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            while (buffer.PositionOf((byte)0x1e) is { } end)
            {
                using var record = JsonDocument.Parse(buffer.Slice(0, end).ToArray());
                var n = record.RootElement.GetProperty("arguments")[0].GetProperty("n").GetInt32();
                if (n < 0)
                {
                    return numbers;
                }

                numbers.Add(n);
                buffer = buffer.Slice(buffer.GetPosition(1, end));
            }

            pipe.AdvanceTo(buffer.Start, buffer.End);
            Assert.False(result.IsCompleted, "the reader's connection was closed");
        }
    }

    private static Client Connect(string id, long pauseWriterThreshold)
    {
        var fromClient = new Pipe();
        var toClient = new Pipe(new PipeOptions(pauseWriterThreshold: pauseWriterThreshold, resumeWriterThreshold: pauseWriterThreshold / 2));
        var context = new DefaultConnectionContext(id, new Duplex(fromClient.Reader, toClient.Writer), new Duplex(toClient.Reader, fromClient.Writer));
        var connection = new HubConnectionContext(context, new HubConnectionContextOptions { KeepAliveInterval = Timeout.InfiniteTimeSpan }, NullLoggerFactory.Instance)
        {
            Protocol = new JsonHubProtocol(),
        };
        return new Client(connection, toClient);
    }

    private sealed record Numbered(int N);

    private sealed record Client(HubConnectionContext Connection, Pipe Server);

    private sealed record Duplex(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
