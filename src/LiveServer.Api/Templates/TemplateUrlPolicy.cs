using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Templates;

/// <summary>
/// Which URLs a template may be loaded from, and which requests its page may make: http(s) (and
/// ws(s) for requests) to public hosts, to the hosts <see cref="TemplateOptions.AllowedHosts"/>
/// lists, and to the server itself (<see cref="TemplateApiBase"/>). A host name counts by every
/// address it resolves to, so a name that points at a private address is refused like the address.
/// </summary>
/// <remarks>
/// Chromium resolves names again when it connects; a name whose answer changes between the two
/// (DNS rebinding) is caught by the request check, which resolves on its own, but not closed off
/// completely — list trusted internal hosts in <c>Templates:AllowedHosts</c> rather than relying on names.
/// </remarks>
public sealed class TemplateUrlPolicy(IOptions<TemplateOptions> options, TemplateApiBase apiBase, TimeProvider time)
{
    /// <summary>The longest a template URL may be.</summary>
    public const int MaxUrlLength = 2048;

    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ResolvedLifetime = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (bool Internal, DateTimeOffset At)> _resolved = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _allowedHosts = new(options.Value.AllowedHosts.Select(h => h.Trim().Trim('[', ']')), StringComparer.OrdinalIgnoreCase);

    /// <summary>Checks a start or PATCH call's <c>templateUrl</c>: the URL, or why it is refused (for a 400 naming the field).</summary>
    public async Task<(Uri? Url, string? Error)> CheckAsync(string url, CancellationToken cancellationToken)
    {
        if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return (null, $"templateUrl must be an absolute http or https URL of at most {MaxUrlLength} characters.");
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return (null, $"templateUrl must be http or https, not {uri.Scheme}.");
        }

        if (uri.UserInfo.Length > 0)
        {
            return (null, "templateUrl must not carry a user name or password.");
        }

        if (IsServerItself(uri) || IsListed(uri.IdnHost))
        {
            return (uri, null);
        }

        var host = uri.IdnHost.Trim('[', ']');
        if (IPAddress.TryParse(host, out var address))
        {
            return HostAddressKind.IsInternal(address) ? (null, Refusal(host)) : (uri, null);
        }

        if (IsLocalName(host))
        {
            return (null, Refusal(host));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ResolveTimeout);
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, $"templateUrl's host '{host}' could not be resolved.");
        }

        var isInternal = addresses.Length == 0 || addresses.Any(HostAddressKind.IsInternal);
        _resolved[host] = (isInternal, time.GetUtcNow());
        return isInternal ? (null, Refusal(host)) : (uri, null);
    }

    /// <summary>
    /// True when the template's page may make this request (its document, scripts, images, fetches,
    /// WebSockets); other schemes than http(s) and ws(s) are the renderer's to judge.
    /// </summary>
    public bool AllowsRequest(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Scheme is not ("http" or "https" or "ws" or "wss"))
        {
            return false;
        }

        if (IsServerItself(uri) || IsListed(uri.IdnHost))
        {
            return true;
        }

        var host = uri.IdnHost.Trim('[', ']');
        if (IPAddress.TryParse(host, out var address))
        {
            return !HostAddressKind.IsInternal(address);
        }

        if (IsLocalName(host))
        {
            return false;
        }

        if (_resolved.TryGetValue(host, out var known) && time.GetUtcNow() - known.At < ResolvedLifetime)
        {
            return !known.Internal;
        }

        try
        {
            var addresses = Dns.GetHostAddresses(host);
            var isInternal = addresses.Length == 0 || addresses.Any(HostAddressKind.IsInternal);
            _resolved[host] = (isInternal, time.GetUtcNow());
            return !isInternal;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool IsLocalName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    private static string Refusal(string host) =>
        $"templateUrl's host '{host}' is loopback, link-local or private; list it in Templates:AllowedHosts to allow it.";

    private bool IsListed(string host) => _allowedHosts.Contains(host.Trim('[', ']'));

    private bool IsServerItself(Uri uri) =>
        apiBase.Uri is { } own && uri.Host.Equals(own.Host, StringComparison.OrdinalIgnoreCase) && uri.Port == own.Port;
}
