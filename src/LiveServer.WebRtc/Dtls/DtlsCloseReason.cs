namespace LiveServer.WebRtc.Dtls;

/// <summary>How a DTLS association ended; the result of <see cref="DtlsServerTransport.Completion"/>.</summary>
public enum DtlsCloseReason
{
    /// <summary><see cref="DtlsServerTransport.Close"/> or Dispose was called.</summary>
    LocalClose,

    /// <summary>The peer sent close_notify (e.g. the browser closed its RTCPeerConnection).</summary>
    PeerClosed,

    /// <summary>The peer sent a fatal alert after the handshake.</summary>
    PeerAlert,

    /// <summary>The handshake failed (see the exception from <see cref="DtlsServerTransport.HandshakeAsync"/>).</summary>
    HandshakeFailed,

    /// <summary>The DTLS layer failed after the handshake for a reason other than an alert from the peer.</summary>
    Error,
}
