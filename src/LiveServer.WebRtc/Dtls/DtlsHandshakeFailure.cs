namespace LiveServer.WebRtc.Dtls;

/// <summary>Why a DTLS handshake did not complete; carried by <see cref="DtlsHandshakeException"/>.</summary>
public enum DtlsHandshakeFailure
{
    /// <summary>A failure not covered by a more specific value: malformed or unexpected messages, or an alert this server raised.</summary>
    ProtocolError,

    /// <summary>The handshake did not finish within the configured handshake timeout.</summary>
    Timeout,

    /// <summary>The transport was closed locally while the handshake was running.</summary>
    Closed,

    /// <summary>The client certificate's SHA-256 fingerprint differs from the one in the SDP offer.</summary>
    FingerprintMismatch,

    /// <summary>The client sent no certificate although one is required (RFC 8827 section 6.5).</summary>
    MissingClientCertificate,

    /// <summary>The client offered no use_srtp extension, or none of the SRTP profiles this server supports.</summary>
    NoCommonSrtpProfile,

    /// <summary>The client offered none of the ECDHE-ECDSA cipher suites this server supports.</summary>
    NoCommonCipherSuite,

    /// <summary>The client did not offer the extended master secret extension (RFC 7627), without which keys may not be exported.</summary>
    ExtendedMasterSecretRequired,

    /// <summary>The client sent a fatal alert, or close_notify, during the handshake.</summary>
    AlertReceived,
}
