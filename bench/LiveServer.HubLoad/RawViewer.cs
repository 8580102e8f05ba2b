using System.Net.WebSockets;
using System.Text;

namespace LiveServer.HubLoad;

/// <summary>
/// A light viewer (<c>--client raw</c>, the default): one WebSocket to <c>/hubs/rooms</c> that speaks
/// SignalR's JSON protocol itself (handshake, <c>JoinRoom</c>, a ping every 10 s as the real client's
/// keep-alive does, <c>{"type":6}</c>) and reads each record with <see cref="HubRecordParser"/> instead
/// of deserializing it: on the server's own 2 cores such viewers keep up with a load under which the
/// .NET SignalR client's fall behind (bench/README.md). Arrival time is taken once per WebSocket
/// message (the server batches records into one when a viewer is behind).
/// </summary>
internal sealed class RawViewer : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");
    private readonly ClientWebSocket _socket;
    private readonly int _viewer;
    private readonly ViewerStats _stats;
    private readonly Func<bool> _stopping;
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _buffer = new byte[8 * 1024];
    private int _filled;
    private bool _handshakeDone;
    private int _closed;
    private Task _receiving = Task.CompletedTask;

    private RawViewer(ClientWebSocket socket, int viewer, ViewerStats stats, Func<bool> stopping)
    {
        _socket = socket;
        _viewer = viewer;
        _stats = stats;
        _stopping = stopping;
    }

    public static async Task<RawViewer> JoinAsync(
        Uri server, string roomId, string token, int viewer, ViewerStats stats, Func<bool> stopping, HttpMessageInvoker invoker, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        var raw = new RawViewer(socket, viewer, stats, stopping);
        try
        {
            var uri = new UriBuilder(new Uri(server, "/hubs/rooms")) { Scheme = server.Scheme == "https" ? "wss" : "ws" }.Uri;
            await socket.ConnectAsync(uri, invoker, cancellationToken);
            await socket.SendAsync(Handshake, WebSocketMessageType.Text, true, cancellationToken);
            var join = Encoding.UTF8.GetBytes($$"""{"type":1,"invocationId":"0","target":"JoinRoom","arguments":["{{roomId}}"]}""" + "\u001e");
            await socket.SendAsync(join, WebSocketMessageType.Text, true, cancellationToken);
            raw._receiving = raw.ReceiveAsync();
            await raw._joined.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return raw;
        }
        catch
        {
            await raw.DisposeAsync();
            throw;
        }
    }

    /// <summary>SignalR's keep-alive: the server drops a client it has not heard from for 30 s.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.SendAsync(Ping, WebSocketMessageType.Text, true, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        await _receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
    }

    private async Task ReceiveAsync()
    {
        try
        {
            while (true)
            {
                if (_filled == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                var result = await _socket.ReceiveAsync(_buffer.AsMemory(_filled), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Closed(new WebSocketException($"closed by the server: {_socket.CloseStatus} {_socket.CloseStatusDescription}"));
                    return;
                }

                _filled += result.Count;
                if (result.EndOfMessage)
                {
                    Records(DateTime.UtcNow.Ticks);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            Closed(e);
        }
    }

    private void Records(long now)
    {
        var data = _buffer.AsSpan(0, _filled);
        var records = 0;
        while (data.IndexOf(RecordSeparator) is var end and >= 0)
        {
            Record(data[..end], now);
            data = data[(end + 1)..];
            records++;
        }

        _stats.WebSocketMessage(records);

        // A record cut between WebSocket messages waits for its rest.
        data.CopyTo(_buffer);
        _filled = data.Length;
    }

    private void Record(ReadOnlySpan<byte> record, long now)
    {
        if (!_handshakeDone)
        {
            _handshakeDone = true;
            if (record.IndexOf("\"error\""u8) >= 0)
            {
                _joined.TrySetException(new InvalidOperationException("handshake refused: " + Encoding.UTF8.GetString(record)));
            }

            return;
        }

        if (record.StartsWith("{\"type\":1,"u8))
        {
            Invocation(record, now);
        }
        else if (record.StartsWith("{\"type\":3,"u8) && record.IndexOf("\"invocationId\":\"0\""u8) >= 0)
        {
            if (record.IndexOf("\"error\":"u8) is var error and >= 0)
            {
                _joined.TrySetException(new InvalidOperationException("JoinRoom refused: " + Encoding.UTF8.GetString(record[error..])));
            }
            else
            {
                _joined.TrySetResult();
            }
        }
        else if (record.StartsWith("{\"type\":7"u8))
        {
            Closed(new WebSocketException("close message from the server: " + Encoding.UTF8.GetString(record)));
        }
    }

    private void Invocation(ReadOnlySpan<byte> record, long now)
    {
        var target = HubRecordParser.TargetOf(record);
        if (target.SequenceEqual("pubsubMessage"u8))
        {
            if (HubRecordParser.TryChat(record, out var number, out var sent))
            {
                _stats.Chat(now, number, sent, HubRecordParser.AtTicks(record));
            }
            else
            {
                _stats.ForeignChat();
            }
        }
        else if (target.SequenceEqual("reactions"u8))
        {
            _stats.Reactions(_viewer, now, HubRecordParser.AtTicks(record), HubRecordParser.ReactionSum(record));
        }
        else if (target.SequenceEqual("pollUpdated"u8) && HubRecordParser.TryPoll(record, out var pollId, out var total))
        {
            _stats.PollUpdated(_viewer, pollId, total, now);
        }
    }

    private void Closed(Exception error)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1 || _joined.TrySetException(error))
        {
            return;
        }

        if (!_stopping())
        {
            _stats.ConnectionClosed(error);
        }
    }
}
