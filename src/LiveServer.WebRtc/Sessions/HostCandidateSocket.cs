// One host candidate's UDP socket: bound to one local address on the shared media port, so that
// every STUN response, DTLS record and RTCP packet a session sends leaves from the address the
// client's packets arrived at, the address the answer announced (RFC 8445 section 7.2.5.2.1: a
// response from another address fails the check as a source-address mismatch; strict agents such as
// aioice enforce it). A socket bound to the wildcard would answer from whatever address the kernel's
// route picks. One socket per address rather than IP_PKTINFO on a wildcard socket: it is what the
// ICE stacks we interoperate with do (libnice, pion's multi-socket mux), it needs no platform
// interop, and the kernel delivers each datagram to the socket of its destination address.
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace LiveServer.WebRtc.Sessions;

/// <summary>
/// The socket of one local address, its receive thread, and the validated remote addresses whose
/// datagrams it routes to sessions. Owned by the <see cref="WebRtcEndpoint"/>.
/// </summary>
internal sealed class HostCandidateSocket : IMediaSocket, IDisposable
{
    private readonly Socket _socket;
    private readonly IDatagramHandler _handler;
    private readonly ConcurrentDictionary<SocketAddress, PeerSession> _byAddress = new();
    private readonly Thread _receiveThread;
    private volatile bool _stopping;

    private HostCandidateSocket(Socket socket, IDatagramHandler handler)
    {
        _socket = socket;
        _handler = handler;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _receiveThread = new Thread(ReceiveLoop) { IsBackground = true, Name = "LiveServer.WebRtc UDP " + LocalEndPoint };
    }

    /// <inheritdoc />
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>A reusable buffer for this socket's STUN responses (used only on its receive thread).</summary>
    public byte[] StunResponse { get; } = new byte[Stun.StunBindingResponse.MaxLength];

    /// <summary>Binds a socket to <paramref name="address"/> and <paramref name="port"/> (0: an ephemeral port) and starts receiving.</summary>
    /// <exception cref="SocketException">The address and port could not be bound.</exception>
    public static HostCandidateSocket Open(IPAddress address, int port, IDatagramHandler handler)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = address.Equals(IPAddress.IPv6Any);
            }

            // A keyframe burst from several publishers must not overflow the kernel queue between reads.
            TrySet(() => socket.ReceiveBufferSize = 4 * 1024 * 1024);
            TrySet(() => socket.SendBufferSize = 1024 * 1024);

            // Lets the receive thread notice a stop even where closing the socket does not wake it.
            socket.ReceiveTimeout = 250;
            socket.Bind(new IPEndPoint(address, port));
            var candidate = new HostCandidateSocket(socket, handler);
            candidate._receiveThread.Start();
            return candidate;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Send(ReadOnlySpan<byte> datagram, SocketAddress target)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, target);
            _handler.CountSent(true);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            _handler.CountSent(false);
        }
    }

    /// <inheritdoc />
    public void Map(SocketAddress remote, PeerSession session) => _byAddress[remote] = session;

    /// <inheritdoc />
    public void Unmap(SocketAddress remote, PeerSession session) =>
        _byAddress.TryRemove(new KeyValuePair<SocketAddress, PeerSession>(remote, session));

    /// <summary>The session that validated <paramref name="remote"/> on this socket.</summary>
    public bool TryFind(SocketAddress remote, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PeerSession? session) =>
        _byAddress.TryGetValue(remote, out session);

    /// <summary>Closes the socket and waits briefly for the receive thread.</summary>
    public void Dispose()
    {
        _stopping = true;
        _socket.Dispose();
        _receiveThread.Join(TimeSpan.FromSeconds(2));
    }

    private static void TrySet(Action set)
    {
        try
        {
            set();
        }
        catch (SocketException)
        {
            // The OS keeps its default; only burst tolerance suffers.
        }
    }

    // One reusable buffer and one reusable SocketAddress: nothing is allocated per datagram here.
    private void ReceiveLoop()
    {
        byte[] buffer = GC.AllocateUninitializedArray<byte>(65536, pinned: true);
        var from = new SocketAddress(_socket.AddressFamily);
        int addressCapacity = from.Size;
        while (!_stopping)
        {
            int length;
            try
            {
                from.Size = addressCapacity;
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException)
            {
                // Timeouts (the stop check), ICMP errors reported on the socket, truncated datagrams.
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            _handler.OnDatagram(this, buffer.AsSpan(0, length), from);
        }
    }
}
