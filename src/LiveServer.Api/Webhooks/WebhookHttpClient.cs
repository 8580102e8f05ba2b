using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LiveServer.Storage;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Webhooks;

/// <summary>
/// One attempt of a webhook delivery on the wire: <c>POST</c> of the stored body, signed
/// (<see cref="WebhookSignature"/>) at the moment it is sent, with <c>LiveServer-Webhook-Id</c>,
/// within <c>Webhooks:Timeout</c>. Redirects are not followed (a 3xx is a failed attempt) and no
/// proxy is used. Every connection resolves the target's name itself and refuses to dial when any
/// address it resolves to is loopback, link-local or private (<see cref="WebhookTargets.IsPrivate"/>)
/// unless <c>Webhooks:AllowPrivateNetworks</c> is on; the check is on the address actually dialled,
/// so a name that resolves to a public address when the URL is given and a private one later
/// (DNS rebinding) is refused too.
/// </summary>
public sealed class WebhookHttpClient : IDisposable
{
    /// <summary>The <c>User-Agent</c> of every delivery.</summary>
    public const string UserAgent = "LiveServer-Webhooks";

    // Long-lived connections would keep an address past a DNS change; the check runs per connection.
    private static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(5);

    private readonly HttpClient _client;
    private readonly WebhookOptions _options;
    private readonly WebhookSecret _secret;
    private readonly TimeProvider _time;

    /// <summary>Creates the client and its connection pool.</summary>
    public WebhookHttpClient(IOptions<WebhookOptions> options, WebhookSecret secret, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _secret = secret;
        _time = time;
        var allowPrivate = _options.AllowPrivateNetworks;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = ConnectionLifetime,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowPrivate, cancellationToken),
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
    }

    /// <summary>
    /// Sends <paramref name="delivery"/> once. Null when the target took it (2xx); otherwise what
    /// went wrong, for <c>lastError</c>: <c>HTTP 503</c>, <c>timed out after 5 s</c>, the connection error.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the server stops).</exception>
    public async Task<string?> DeliverAsync(StoredWebhookDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (!Uri.TryCreate(delivery.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return "not an absolute http or https URL";
        }

        var body = Encoding.UTF8.GetBytes(delivery.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Create(_secret.Key, _time.GetUtcNow(), body));
        request.Headers.TryAddWithoutValidation(WebhookSignature.IdHeaderName, delivery.WebhookId);

        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"timed out after {_options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint target, bool allowPrivate, CancellationToken cancellationToken)
    {
        var host = target.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        if (!allowPrivate && addresses.FirstOrDefault(WebhookTargets.IsPrivate) is { } refused)
        {
            throw new IOException(
                $"refused: '{host}' is {refused}, a loopback, link-local or private address (Webhooks:AllowPrivateNetworks is off)");
        }

        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, target.Port, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }
}
