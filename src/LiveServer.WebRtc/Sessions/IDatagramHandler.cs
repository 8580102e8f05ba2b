using System.Net;

namespace LiveServer.WebRtc.Sessions;

/// <summary>What a <see cref="HostCandidateSocket"/> hands its datagrams to (the endpoint's demultiplexer).</summary>
internal interface IDatagramHandler
{
    /// <summary>One received datagram (the buffer and address are reused after the call).</summary>
    void OnDatagram(HostCandidateSocket socket, Span<byte> datagram, SocketAddress from);

    /// <summary>Counts a datagram sent, or a send that failed.</summary>
    void CountSent(bool succeeded);
}
