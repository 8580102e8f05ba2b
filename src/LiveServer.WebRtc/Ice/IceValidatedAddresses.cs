// The candidate pairs of one session that passed a connectivity check (the local socket a check
// arrived on and the remote address it came from): RFC 8445 sections 7.3.1.4 (a successful check
// makes the pair valid) and 7.3.1.5 / 8.2 (the controlling
// agent's USE-CANDIDATE nominates the pair; a lite agent sends on the nominated pair, here the
// latest nominated pair, else the latest valid one). RFC 7675 section 5.1: consent to send is
// kept alive by checks; the caller times it out. Only these addresses may send DTLS and SRTP.
using System.Net;
using System.Net.Sockets;
using LiveServer.WebRtc.Sessions;

namespace LiveServer.WebRtc.Ice;

/// <summary>
/// The validated candidate pairs of one session and the one media is sent on. Each remote address is
/// stored once per local socket as a <see cref="SocketAddress"/> copy and an <see cref="IPEndPoint"/>, so later
/// checks from it allocate nothing. Not thread-safe: the endpoint's receive loop owns it; readers of
/// <see cref="Selected"/> see an immutable snapshot.
/// </summary>
internal sealed class IceValidatedAddresses
{
    /// <summary>Most pairs one session keeps (a browser checks from each of its candidates to each of ours).</summary>
    public const int Capacity = 16;

    private static readonly IPEndPoint s_v4Template = new(IPAddress.Any, 0);
    private static readonly IPEndPoint s_v6Template = new(IPAddress.IPv6Any, 0);

    private readonly List<Entry> _entries = new(2);
    private volatile Entry? _selected;
    private bool _nominated;

    /// <summary>The pair DTLS and RTCP are sent on, or <see langword="null"/> before the first valid check.</summary>
    public Entry? Selected => _selected;

    /// <summary>All validated pairs, oldest first.</summary>
    public IReadOnlyList<Entry> All => _entries;

    /// <summary>Finds the validated pair of a local socket and the address a datagram came from.</summary>
    /// <param name="socket">The socket the datagram arrived on.</param>
    /// <param name="address">The source address of the datagram (not kept).</param>
    /// <returns>The stored entry, or <see langword="null"/>.</returns>
    public Entry? Find(IMediaSocket socket, SocketAddress address)
    {
        foreach (Entry entry in _entries)
        {
            if (ReferenceEquals(entry.Socket, socket) && entry.Address.Equals(address))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>Records a successful check on a pair, adding it when new (the only allocation).</summary>
    /// <param name="socket">The local socket the check arrived on.</param>
    /// <param name="address">The source address (copied when new).</param>
    /// <param name="useCandidate">Whether the request carried USE-CANDIDATE.</param>
    /// <param name="added">The entry created for a new address, to register with the endpoint.</param>
    /// <param name="evicted">An entry dropped to stay within <see cref="Capacity"/>, to unregister.</param>
    /// <returns>The entry for the address.</returns>
    public Entry OnValidCheck(IMediaSocket socket, SocketAddress address, bool useCandidate, out Entry? added, out Entry? evicted)
    {
        added = null;
        evicted = null;
        Entry? entry = Find(socket, address);
        if (entry is null)
        {
            if (_entries.Count == Capacity)
            {
                int victim = ReferenceEquals(_entries[0], _selected) ? 1 : 0;
                evicted = _entries[victim];
                _entries.RemoveAt(victim);
            }

            entry = new Entry(socket, Copy(address), ToEndPoint(address));
            _entries.Add(entry);
            added = entry;
        }

        if (useCandidate || !_nominated)
        {
            _nominated |= useCandidate;
            _selected = entry;
        }

        return entry;
    }

    /// <summary>Copies a socket address (the receive loop reuses its instance).</summary>
    /// <param name="address">The address.</param>
    /// <returns>An independent copy.</returns>
    public static SocketAddress Copy(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }

    /// <summary>Decodes a socket address; IPv4-mapped IPv6 (dual-mode sockets) becomes plain IPv4.</summary>
    /// <param name="address">The address.</param>
    /// <returns>The endpoint.</returns>
    public static IPEndPoint ToEndPoint(SocketAddress address)
    {
        var endPoint = (IPEndPoint)(address.Family == AddressFamily.InterNetworkV6 ? s_v6Template : s_v4Template).Create(address);
        return endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;
    }

    /// <summary>One validated pair (compared by reference).</summary>
    /// <param name="socket">The local socket: sends on this pair leave from its address.</param>
    /// <param name="address">The remote address in socket form, for lookups and sends; never mutated.</param>
    /// <param name="endPoint">Its decoded form, for XOR-MAPPED-ADDRESS and diagnostics.</param>
    internal sealed class Entry(IMediaSocket socket, SocketAddress address, IPEndPoint endPoint)
    {
        /// <summary>The local socket of the pair.</summary>
        public IMediaSocket Socket { get; } = socket;

        /// <summary>Sends a datagram on this pair.</summary>
        public void Send(ReadOnlySpan<byte> datagram) => Socket.Send(datagram, Address);

        /// <summary>The socket form, for lookups and sends; never mutated.</summary>
        public SocketAddress Address { get; } = address;

        /// <summary>The decoded form.</summary>
        public IPEndPoint EndPoint { get; } = endPoint;
    }
}
