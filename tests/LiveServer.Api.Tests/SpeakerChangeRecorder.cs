using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveServer.Api.Tests;

/// <summary>A SignalR client of <c>/hubs/rooms</c> joined to one room that records every <c>speakerChanged</c>, in order.</summary>
public sealed class SpeakerChangeRecorder : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Channel<SpeakerChanged> _incoming = Channel.CreateUnbounded<SpeakerChanged>();
    private readonly List<SpeakerChanged> _seen = [];

    private SpeakerChangeRecorder(HubConnection connection, Func<TimeSpan> clock)
    {
        _connection = connection;
        _connection.On<JsonElement>("speakerChanged", message => _incoming.Writer.TryWrite(new SpeakerChanged(
            message.GetProperty("roomId").GetString()!,
            message.GetProperty("livestreamId").GetString()!,
            message.GetProperty("participantId").GetString()!,
            message.GetProperty("name").GetString()!,
            message.GetProperty("at").GetDateTimeOffset(),
            clock())));
    }

    /// <summary>Every event received so far, in order.</summary>
    public IReadOnlyList<SpeakerChanged> Seen
    {
        get
        {
            while (_incoming.Reader.TryRead(out var change))
            {
                _seen.Add(change);
            }

            return _seen;
        }
    }

    /// <summary>Connects over the in-memory server and joins <paramref name="roomId"/>; <paramref name="clock"/> stamps arrivals.</summary>
    public static async Task<SpeakerChangeRecorder> ConnectAsync(LiveServerFactory factory, string roomId, Func<TimeSpan> clock)
    {
        var connection = factory.CreateHubConnection();
        var recorder = new SpeakerChangeRecorder(connection, clock);
        await connection.StartAsync();
        await connection.InvokeAsync("JoinRoom", roomId);
        return recorder;
    }

    /// <summary>Waits until <paramref name="count"/> events arrived; throws after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<SpeakerChanged>> WaitForCountAsync(int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (Seen.Count < count)
            {
                _seen.Add(await _incoming.Reader.ReadAsync(cancel.Token));
            }

            return _seen;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{_seen.Count} speakerChanged within {timeout}, not {count}: {string.Join(", ", _seen.Select(s => s.Name))}");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}

/// <summary>One received <c>speakerChanged</c> and when the test saw it.</summary>
public sealed record SpeakerChanged(string RoomId, string LivestreamId, string ParticipantId, string Name, DateTimeOffset At, TimeSpan Received);
