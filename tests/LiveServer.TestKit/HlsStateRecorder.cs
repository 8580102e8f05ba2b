using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveServer.TestKit;

/// <summary>
/// A real SignalR client of <c>/hubs/rooms</c> that joins a room and records every
/// <c>hlsStateChanged</c> it receives, in order.
/// </summary>
public sealed class HlsStateRecorder : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Channel<HlsState> _incoming = Channel.CreateUnbounded<HlsState>();
    private readonly List<HlsState> _seen = [];

    private HlsStateRecorder(HubConnection connection)
    {
        _connection = connection;
        _connection.On<JsonElement>("hlsStateChanged", message => _incoming.Writer.TryWrite(HlsState.From(message)));
    }

    /// <summary>The room's newest event number when this recorder joined (what <c>JoinRoom</c> answered).</summary>
    public long JoinedSeq { get; private set; }

    /// <summary>Every state received so far, in order.</summary>
    public IReadOnlyList<HlsState> Seen
    {
        get
        {
            while (_incoming.Reader.TryRead(out var state))
            {
                _seen.Add(state);
            }

            return _seen;
        }
    }

    /// <summary>Connects with the given connection builder and joins <paramref name="roomId"/>.</summary>
    public static async Task<HlsStateRecorder> ConnectAsync(HubConnection connection, string roomId, CancellationToken cancellationToken)
    {
        var recorder = new HlsStateRecorder(connection);
        await connection.StartAsync(cancellationToken);
        var joined = await connection.InvokeAsync<JsonElement>("JoinRoom", roomId, cancellationToken);
        recorder.JoinedSeq = joined.GetProperty("seq").GetInt64();
        return recorder;
    }

    /// <summary>Waits until a state with <paramref name="status"/> arrives; throws after <paramref name="timeout"/>.</summary>
    public async Task<HlsState> WaitForAsync(string status, TimeSpan timeout)
    {
        if (Seen.FirstOrDefault(s => s.Status == status) is { } already)
        {
            return already;
        }

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var state = await _incoming.Reader.ReadAsync(cancel.Token);
                _seen.Add(state);
                if (state.Status == status)
                {
                    return state;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException(
                $"No {status} within {timeout}; seen: {string.Join(", ", _seen.Select(s => s.Status + (s.Reason is null ? "" : $" ({s.Reason})")))}");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}

/// <summary>One received <c>hlsStateChanged</c>.</summary>
public sealed record HlsState(string RoomId, string Id, string Status, string? PlaybackHlsUrl, string? LivestreamUrl, string? Reason)
{
    /// <summary>The event's number in its room.</summary>
    public long Seq { get; init; }

    internal static HlsState From(JsonElement message) => new(
        message.GetProperty("roomId").GetString()!,
        message.GetProperty("id").GetString()!,
        message.GetProperty("status").GetString()!,
        Optional(message, "playbackHlsUrl"),
        Optional(message, "livestreamUrl"),
        Optional(message, "reason"))
    {
        Seq = message.TryGetProperty("seq", out var seq) ? seq.GetInt64() : 0,
    };

    private static string? Optional(JsonElement message, string name) =>
        message.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
