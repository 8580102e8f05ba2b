using System.Net;
using System.Net.Sockets;

namespace LiveServer.Api.Templates;

/// <summary>
/// Whether an IP address is one a server-side browser must not be aimed at without leave: loopback,
/// link-local, private (RFC 1918, RFC 4193 unique local), shared (RFC 6598), unspecified, multicast or
/// reserved (RFC 6890 special-purpose blocks that are not globally reachable).
/// </summary>
public static class HostAddressKind
{
    private static readonly (IPAddress Network, int PrefixLength)[] InternalV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8),
        (IPAddress.Parse("10.0.0.0"), 8),
        (IPAddress.Parse("100.64.0.0"), 10),
        (IPAddress.Parse("127.0.0.0"), 8),
        (IPAddress.Parse("169.254.0.0"), 16),
        (IPAddress.Parse("172.16.0.0"), 12),
        (IPAddress.Parse("192.0.0.0"), 24),
        (IPAddress.Parse("192.168.0.0"), 16),
        (IPAddress.Parse("198.18.0.0"), 15),
        (IPAddress.Parse("224.0.0.0"), 4),
        (IPAddress.Parse("240.0.0.0"), 4),
    ];

    private static readonly (IPAddress Network, int PrefixLength)[] InternalV6 =
    [
        (IPAddress.Parse("::"), 128),
        (IPAddress.Parse("::1"), 128),
        (IPAddress.Parse("fc00::"), 7),
        (IPAddress.Parse("fe80::"), 10),
        (IPAddress.Parse("ff00::"), 8),
        (IPAddress.Parse("64:ff9b:1::"), 48),
    ];

    /// <summary>True when <paramref name="address"/> is not a public unicast address.</summary>
    public static bool IsInternal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var blocks = address.AddressFamily == AddressFamily.InterNetwork ? InternalV4 : InternalV6;
        return blocks.Any(block => new IPNetwork(block.Network, block.PrefixLength).Contains(address));
    }
}
