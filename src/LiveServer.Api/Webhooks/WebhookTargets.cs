using System.Net;
using System.Net.Sockets;

namespace LiveServer.Api.Webhooks;

/// <summary>
/// Which webhook targets are allowed: http(s) URLs whose host is not a loopback, link-local,
/// private-range, unique-local, CGNAT or unspecified address, unless <c>Webhooks:AllowPrivateNetworks</c>
/// is on; so a caller cannot make the server probe its own network. Names are checked again when a
/// delivery connects (<see cref="IsPrivate"/> on the address actually dialled), so a name that
/// resolves to a private address later is refused too.
/// </summary>
public static class WebhookTargets
{
    /// <summary>Why <paramref name="url"/> may not be a webhook target; null when it may.</summary>
    public static string? Refusal(string url, bool allowPrivateNetworks)
    {
        if (url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return "webhookUrl must be an absolute http or https URL (at most 2048 characters).";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "webhookUrl must not carry a user name or password.";
        }

        if (allowPrivateNetworks)
        {
            return null;
        }

        var host = uri.IdnHost.TrimEnd('.');
        var isLocalName = host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
        return isLocalName || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IsPrivate(address))
            ? $"webhookUrl's host '{uri.Host}' is a loopback, link-local or private address; set Webhooks:AllowPrivateNetworks to allow it."
            : null;
    }

    /// <summary>True for addresses a public webhook must not reach.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.None))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var first = address.GetAddressBytes()[0];
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (first & 0xFE) == 0xFC;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10
            || b[0] == 0
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
            || b[0] >= 224;
    }
}
