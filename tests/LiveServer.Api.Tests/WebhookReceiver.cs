using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiveServer.Api.Tests;

/// <summary>How a <see cref="WebhookReceiver"/> answers.</summary>
public enum ReceiverMode
{
    /// <summary>204 to every correctly signed webhook, 401 to the others.</summary>
    Accept,

    /// <summary>503 to everything.</summary>
    Unavailable,

    /// <summary>Reads the request and never answers.</summary>
    Hang,
}

/// <summary>One request a <see cref="WebhookReceiver"/> got.</summary>
public sealed record ReceivedWebhook(
    JsonElement Body, string? WebhookIdHeader, string? UserAgent, string? ContentType, bool SignatureValid, int Answer, TimeSpan ReceivedAt)
{
    public string WebhookType => Body.GetProperty("webhookType").GetString()!;

    public long Seq => Body.GetProperty("seq").GetInt64();

    public string RoomId => Body.GetProperty("data").GetProperty("roomId").GetString()!;

    public bool Accepted => Answer is >= 200 and < 300;
}

/// <summary>
/// A webhook receiver as a customer would write it from the README, on real Kestrel at
/// 127.0.0.1: it checks <c>LiveServer-Signature</c> with its own HMAC code (not the server's),
/// a constant-time compare and a time within 5 minutes, and records every request.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private readonly WebApplication _app;
    private readonly List<ReceivedWebhook> _requests = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _unavailableLeft;

    private WebhookReceiver(WebApplication app, string secret)
    {
        _app = app;
        Secret = secret;
    }

    /// <summary>The key signatures are checked with.</summary>
    public string Secret { get; set; }

    public ReceiverMode Mode { get; set; }

    public int Port { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}/webhooks";

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The webhooks answered 2xx, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> Accepted => [.. Requests.Where(r => r.Accepted)];

    /// <summary>Starts listening on 127.0.0.1 at <paramref name="port"/> (0: any free port).</summary>
    public static async Task<WebhookReceiver> StartAsync(string secret, int port = 0, ReceiverMode mode = ReceiverMode.Accept)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, secret) { Mode = mode };
        app.MapPost("/webhooks", receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Port = new Uri(address).Port;
        return receiver;
    }

    /// <summary>A port nothing listens on (yet): bound and released at once.</summary>
    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Answers the next <paramref name="requests"/> requests with 503, then goes back to <see cref="Mode"/>.</summary>
    public void AnswerUnavailable(int requests) => Interlocked.Exchange(ref _unavailableLeft, requests);

    /// <summary>
    /// The signature check of the README: <c>t</c> within 5 minutes of now, and one <c>v1</c> equal to
    /// hex(HMAC-SHA256(secret, "&lt;t&gt;.&lt;raw body&gt;")), compared in constant time.
    /// </summary>
    public static bool SignatureIsValid(string? header, byte[] rawBody, string secret, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        string? t = null;
        var candidates = new List<string>();
        foreach (var part in header.Split(','))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2)
            {
                continue;
            }

            if (kv[0] == "t")
            {
                t = kv[1];
            }
            else if (kv[0] == "v1")
            {
                candidates.Add(kv[1]);
            }
        }

        if (!long.TryParse(t, out var seconds) || Math.Abs(now.ToUnixTimeSeconds() - seconds) > Tolerance.TotalSeconds)
        {
            return false;
        }

        var signed = Encoding.UTF8.GetBytes(t + ".").Concat(rawBody).ToArray();
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(hmac.ComputeHash(signed)));
        return candidates.Any(c => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(c)));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var raw = buffer.ToArray();
        var valid = SignatureIsValid(context.Request.Headers["LiveServer-Signature"].ToString(), raw, Secret, DateTimeOffset.UtcNow);
        var mode = Interlocked.Decrement(ref _unavailableLeft) >= 0 ? ReceiverMode.Unavailable : Mode;
        var answer = mode switch
        {
            ReceiverMode.Hang => 0,
            ReceiverMode.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => valid ? StatusCodes.Status204NoContent : StatusCodes.Status401Unauthorized,
        };
        lock (_requests)
        {
            _requests.Add(new ReceivedWebhook(
                JsonDocument.Parse(raw).RootElement.Clone(),
                context.Request.Headers["LiveServer-Webhook-Id"].ToString(),
                context.Request.Headers.UserAgent.ToString(),
                context.Request.ContentType,
                valid,
                answer,
                _clock.Elapsed));
        }

        if (mode == ReceiverMode.Hang)
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            await Task.Delay(Timeout.Infinite, both.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return;
        }

        context.Response.StatusCode = answer;
    }
}
