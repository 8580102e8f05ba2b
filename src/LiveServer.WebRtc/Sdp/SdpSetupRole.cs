namespace LiveServer.WebRtc.Sdp;

/// <summary>The a=setup attribute (RFC 4145 section 4, RFC 8842 section 5).</summary>
public enum SdpSetupRole
{
    /// <summary>No a=setup attribute.</summary>
    Unspecified = 0,

    /// <summary>actpass: either role (what offers carry).</summary>
    ActPass,

    /// <summary>active: the endpoint initiates the DTLS handshake (client).</summary>
    Active,

    /// <summary>passive: the endpoint waits for the handshake (server).</summary>
    Passive,

    /// <summary>holdconn: no connection yet.</summary>
    HoldConn,
}
