using System.Net;

namespace LiveServer.WebRtc.Sessions;

/// <summary>
/// What a session needs of the local socket a remote address checked in on: sending from that
/// socket's address, and routing that remote address's later datagrams to the session.
/// </summary>
internal interface IMediaSocket
{
    /// <summary>The local address and port (the host candidate).</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Sends one datagram from this socket's address; failures count as loss.</summary>
    void Send(ReadOnlySpan<byte> datagram, SocketAddress target);

    /// <summary>Routes DTLS and SRTP from <paramref name="remote"/> on this socket to <paramref name="session"/>.</summary>
    void Map(SocketAddress remote, PeerSession session);

    /// <summary>Stops routing <paramref name="remote"/> to <paramref name="session"/> (no effect when another session holds it now).</summary>
    void Unmap(SocketAddress remote, PeerSession session);
}
