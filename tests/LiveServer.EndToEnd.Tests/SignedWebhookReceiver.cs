using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace LiveServer.EndToEnd.Tests;

/// <summary>
/// A webhook target on loopback, written from the README's spec: it answers 204 only to a request
/// whose <c>LiveServer-Signature</c> (<c>t=…,v1=hex HMAC-SHA256(secret, "t." + body)</c>) is right,
/// 401 otherwise, and hands on each verified body's <c>data</c> by <c>webhookType</c>.
/// </summary>
public sealed class SignedWebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _secret;
    private readonly Channel<(string Type, JsonElement Data)> _received = Channel.CreateUnbounded<(string, JsonElement)>();
    private readonly List<(string Type, JsonElement Data)> _seen = [];

    public SignedWebhookReceiver(string secret)
    {
        _secret = Encoding.UTF8.GetBytes(secret);
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/hooks/";
        }

        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(ReceiveAsync);
    }

    public string Url { get; }

    /// <summary>The <c>data</c> of the first verified webhook of <paramref name="type"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string type, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            if (_seen.FirstOrDefault(s => s.Type == type) is { Type: not null } found)
            {
                return found.Data;
            }

            try
            {
                _seen.Add(await _received.Reader.ReadAsync(cancel.Token));
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {type} webhook within {timeout}; got: {string.Join(", ", _seen.Select(s => s.Type))}");
            }
        }
    }

    public void Dispose() => _listener.Close();

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var verified = Verify(context.Request.Headers["LiveServer-Signature"], body);
            context.Response.StatusCode = verified ? 204 : 401;
            context.Response.Close();
            if (verified)
            {
                using var json = JsonDocument.Parse(body);
                _received.Writer.TryWrite((json.RootElement.GetProperty("webhookType").GetString()!, json.RootElement.GetProperty("data").Clone()));
            }
        }
    }

    private bool Verify(string? header, byte[] body)
    {
        var fields = (header ?? string.Empty).Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!fields.TryGetValue("t", out var t) || !long.TryParse(t, out var seconds)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300 || !fields.TryGetValue("v1", out var v1))
        {
            return false;
        }

        byte[] message = [.. Encoding.UTF8.GetBytes(t + "."), .. body];
        var expected = HMACSHA256.HashData(_secret, message);
        return v1.Length == expected.Length * 2 && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(v1), expected);
    }
}
