namespace LiveServer.WebRtc.Stun;

/// <summary>Why <see cref="StunMessage.TryParse"/> refused a datagram.</summary>
public enum StunParseError
{
    /// <summary>The datagram parsed.</summary>
    None = 0,

    /// <summary>Shorter than the 20-byte STUN header.</summary>
    TooShort,

    /// <summary>The two most significant bits of the first byte are not zero (RFC 7983: not STUN).</summary>
    NotStun,

    /// <summary>The magic cookie is not 0x2112A442 (RFC 3489 messages are not accepted).</summary>
    BadMagicCookie,

    /// <summary>The header's Length is not a multiple of four or does not match the datagram.</summary>
    BadLength,

    /// <summary>An attribute header or value (with its padding) runs past the end of the message.</summary>
    TruncatedAttribute,

    /// <summary>A known attribute has a value this code cannot accept (wrong size, bad family or code).</summary>
    InvalidAttribute,

    /// <summary>An attribute follows FINGERPRINT, which must be last (RFC 8489 section 14.7).</summary>
    AttributeAfterFingerprint,
}
