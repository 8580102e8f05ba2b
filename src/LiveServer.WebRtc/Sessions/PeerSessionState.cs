namespace LiveServer.WebRtc.Sessions;

/// <summary>Where a <see cref="PeerSession"/> is in its life.</summary>
public enum PeerSessionState
{
    /// <summary>Answered; waiting for the first authenticated STUN Binding request.</summary>
    WaitingForIce,

    /// <summary>A connectivity check succeeded; the DTLS handshake is running.</summary>
    Handshaking,

    /// <summary>DTLS-SRTP keys are in place; media flows.</summary>
    Connected,

    /// <summary>Ended (see <see cref="PeerSession.CloseReason"/>); removed from the endpoint.</summary>
    Closed,
}
