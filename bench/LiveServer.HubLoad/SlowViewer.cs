using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace LiveServer.HubLoad;

/// <summary>
/// The bad input, a viewer that stops reading: a WebSocket that speaks SignalR's JSON protocol
/// by hand (handshake, <c>JoinRoom</c>), asks the kernel for a 4 KiB receive buffer, reads until its
/// join is answered and then never again. It keeps sending pings (<c>{"type":6}</c>) every second, as a
/// live client would, so the server cannot drop it for silence; the first ping that fails tells when the
/// server closed it.
/// </summary>
internal sealed class SlowViewer : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket;
    private readonly Stopwatch _sinceStopped = new();
    private Task? _pinging;
    private TimeSpan? _droppedAfter;

    private SlowViewer(ClientWebSocket socket) => _socket = socket;

    /// <summary>How long after it stopped reading the server closed it; null while it is still open.</summary>
    public TimeSpan? DroppedAfter => _droppedAfter;

    public static async Task<SlowViewer> JoinAsync(Uri server, string roomId, string token, CancellationToken cancellationToken)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4096 };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        var uri = new UriBuilder(new Uri(server, "/hubs/rooms")) { Scheme = server.Scheme == "https" ? "wss" : "ws" }.Uri;
        await socket.ConnectAsync(uri, new HttpMessageInvoker(handler), cancellationToken);
        var viewer = new SlowViewer(socket);
        await viewer.SendAsync("""{"protocol":"json","version":1}""", cancellationToken);
        await viewer.SendAsync($$"""{"type":1,"invocationId":"join","target":"JoinRoom","arguments":["{{roomId}}"]}""", cancellationToken);
        await viewer.ReadUntilAsync("\"invocationId\":\"join\"", cancellationToken);
        return viewer;
    }

    /// <summary>From now on nothing is read; pings go on until a send fails.</summary>
    public void StopReading()
    {
        _sinceStopped.Start();
        _pinging = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1));
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await SendAsync("""{"type":6}""", timeout.Token);
                }
            }
            catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                _droppedAfter = _sinceStopped.Elapsed;
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        if (_pinging is not null)
        {
            await _pinging;
        }

        _socket.Dispose();
    }

    private Task SendAsync(string json, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, true, cancellationToken);

    private async Task ReadUntilAsync(string marker, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var text = new StringBuilder();
        while (!text.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("The server closed the slow viewer before it joined: " + text);
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }
}
