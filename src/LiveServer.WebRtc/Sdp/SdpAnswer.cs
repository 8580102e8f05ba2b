namespace LiveServer.WebRtc.Sdp;

/// <summary>An SDP answer and the parameters negotiated with it.</summary>
public sealed record SdpAnswer
{
    /// <summary>The answer text with CRLF line ends.</summary>
    public required string Sdp { get; init; }

    /// <summary>One entry per m-section of the offer, in order.</summary>
    public required IReadOnlyList<NegotiatedMedia> Media { get; init; }

    /// <summary>The mids bundled onto the one transport, BUNDLE tag first.</summary>
    public required IReadOnlyList<string> BundleMids { get; init; }

    /// <summary>The offerer's ICE username fragment (for STUN USERNAME checks).</summary>
    public required string RemoteIceUfrag { get; init; }

    /// <summary>The offerer's ICE password (for STUN MESSAGE-INTEGRITY).</summary>
    public required string RemoteIcePwd { get; init; }

    /// <summary>The offerer's certificate fingerprint to verify in the DTLS handshake.</summary>
    public required SdpFingerprint RemoteFingerprint { get; init; }
}
