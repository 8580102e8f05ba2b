namespace LiveServer.WebRtc.Dtls;

/// <summary>
/// Sends one UDP datagram to the remote peer of a DTLS session. The UDP socket is owned elsewhere
/// (one port for all sessions); the implementation knows the peer's address.
/// </summary>
public interface IDatagramSender
{
    /// <summary>
    /// Sends the datagram. Called from the handshake thread; must not block for long. The span is
    /// only valid during the call. Exceptions are caught, counted and treated as packet loss.
    /// </summary>
    /// <param name="datagram">The complete datagram (one or more DTLS records).</param>
    void Send(ReadOnlySpan<byte> datagram);
}
