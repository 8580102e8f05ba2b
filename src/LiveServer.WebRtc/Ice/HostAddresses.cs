// Which local addresses carry ICE host candidates (RFC 8445 section 5.1.1.1: every usable interface
// address; section 5.1.2.2: a lower local preference for less useful ones, here loopback, which
// browsers, aiortc and libnice ignore or skip). IPv4 and IPv6 (RFC 8421 prefers neither strongly;
// IPv4 first here, as most LANs route it). Skipped: interfaces that are down, link-local addresses
// (RFC 8445 section 5.1.1.1 leaves them out unless nothing else exists; they need a scope id
// browsers cannot use), IPv4-mapped and multicast addresses.
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace LiveServer.WebRtc.Ice;

/// <summary>
/// Chooses the local addresses the media port binds, one socket each, and announces as host
/// candidates, from the machine's interfaces.
/// </summary>
public static class HostAddresses
{
    /// <summary>Every unicast address of every interface, as the operating system reports them now.</summary>
    /// <returns>The addresses with their interface's name, state and type.</returns>
    public static IReadOnlyList<InterfaceAddress> FromSystem()
    {
        var result = new List<InterfaceAddress>();
        foreach (NetworkInterface nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            // Linux reports the loopback interface's state as Unknown; only a definite "not up" counts.
            bool up = nic.OperationalStatus is not (OperationalStatus.Down or OperationalStatus.NotPresent or OperationalStatus.LowerLayerDown);
            bool loopback = nic.NetworkInterfaceType == NetworkInterfaceType.Loopback;
            foreach (UnicastIPAddressInformation unicast in nic.GetIPProperties().UnicastAddresses)
            {
                result.Add(new InterfaceAddress(nic.Name, unicast.Address, up, loopback || IPAddress.IsLoopback(unicast.Address)));
            }
        }

        return result;
    }

    /// <summary>
    /// The addresses to bind and announce: <paramref name="bind"/> alone when it is a specific
    /// address; for <see cref="IPAddress.Any"/> every usable IPv4 address, for
    /// <see cref="IPAddress.IPv6Any"/> every usable IPv4 and IPv6 address; narrowed to
    /// <paramref name="interfaces"/> when that names any. Non-loopback first (IPv4, then IPv6),
    /// loopback last; no duplicates.
    /// </summary>
    /// <param name="available">The machine's addresses (<see cref="FromSystem"/>).</param>
    /// <param name="bind">The configured bind address.</param>
    /// <param name="interfaces">Interface names to keep (empty: all).</param>
    /// <returns>The chosen addresses, possibly empty (the caller decides what that means).</returns>
    public static IReadOnlyList<IPAddress> Select(IEnumerable<InterfaceAddress> available, IPAddress bind, IReadOnlyCollection<string> interfaces)
    {
        ArgumentNullException.ThrowIfNull(available);
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(interfaces);
        bool anyV4 = bind.Equals(IPAddress.Any);
        bool anyV6 = bind.Equals(IPAddress.IPv6Any);
        if (!anyV4 && !anyV6)
        {
            return [bind];
        }

        return [.. available
            .Where(a => a.IsUp && IsUsable(a.Address))
            .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork || anyV6)
            .Where(a => interfaces.Count == 0 || interfaces.Contains(a.InterfaceName, StringComparer.Ordinal))
            .OrderBy(a => a.IsLoopback)
            .ThenBy(a => a.Address.AddressFamily == AddressFamily.InterNetworkV6)
            .Select(a => a.Address)
            .Distinct()];
    }

    /// <summary>True for an address a remote agent can send to: unicast, not link-local, not IPv4-mapped, not a wildcard.</summary>
    /// <param name="address">The address.</param>
    /// <returns>Whether it may carry a host candidate.</returns>
    public static bool IsUsable(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> bytes = stackalloc byte[4];
            address.TryWriteBytes(bytes, out _);
            bool linkLocal = bytes[0] == 169 && bytes[1] == 254;
            bool multicast = bytes[0] >= 224;
            return !linkLocal && !multicast;
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            && !address.IsIPv6LinkLocal && !address.IsIPv6Multicast && !address.IsIPv4MappedToIPv6 && !address.IsIPv6SiteLocal;
    }
}
