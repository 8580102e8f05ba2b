namespace LiveServer.WebRtc.Ice;

/// <summary>What <see cref="IceLiteResponder"/> made of a STUN datagram.</summary>
internal enum IceCheckResult
{
    /// <summary>An authenticated Binding request: a success response was written.</summary>
    Success,

    /// <summary>Wrong MESSAGE-INTEGRITY or remote ufrag: a 401 error response was written.</summary>
    Unauthorized,

    /// <summary>Authenticated, but with a comprehension-required attribute we do not know: a 420 error response was written.</summary>
    UnknownAttribute,

    /// <summary>Not answerable (malformed, no FINGERPRINT, not a Binding request): dropped without a response.</summary>
    Dropped,
}
