namespace LiveServer.WebRtc.Stun;

/// <summary>
/// STUN attribute types this code knows by name (RFC 8489 section 18.3, RFC 8445 section 16.1).
/// Types below 0x8000 are comprehension-required, the others comprehension-optional.
/// </summary>
public enum StunAttributeType : ushort
{
    /// <summary>MAPPED-ADDRESS (0x0001), the un-XORed address of RFC 3489 servers.</summary>
    MappedAddress = 0x0001,

    /// <summary>USERNAME (0x0006); in ICE "local-ufrag:remote-ufrag" as seen by the receiver.</summary>
    Username = 0x0006,

    /// <summary>MESSAGE-INTEGRITY (0x0008): HMAC-SHA1 over the message.</summary>
    MessageIntegrity = 0x0008,

    /// <summary>ERROR-CODE (0x0009): class, number and reason phrase.</summary>
    ErrorCode = 0x0009,

    /// <summary>UNKNOWN-ATTRIBUTES (0x000A), listed in a 420 response.</summary>
    UnknownAttributes = 0x000A,

    /// <summary>REALM (0x0014), long-term credentials only.</summary>
    Realm = 0x0014,

    /// <summary>NONCE (0x0015), long-term credentials only.</summary>
    Nonce = 0x0015,

    /// <summary>MESSAGE-INTEGRITY-SHA256 (0x001C).</summary>
    MessageIntegritySha256 = 0x001C,

    /// <summary>PASSWORD-ALGORITHM (0x001D).</summary>
    PasswordAlgorithm = 0x001D,

    /// <summary>USERHASH (0x001E).</summary>
    Userhash = 0x001E,

    /// <summary>XOR-MAPPED-ADDRESS (0x0020): the reflexive transport address, XORed with the cookie.</summary>
    XorMappedAddress = 0x0020,

    /// <summary>PRIORITY (0x0024): the priority of the peer-reflexive candidate (ICE).</summary>
    Priority = 0x0024,

    /// <summary>USE-CANDIDATE (0x0025): the controlling agent nominates this pair (ICE).</summary>
    UseCandidate = 0x0025,

    /// <summary>PASSWORD-ALGORITHMS (0x8002).</summary>
    PasswordAlgorithms = 0x8002,

    /// <summary>ALTERNATE-DOMAIN (0x8003).</summary>
    AlternateDomain = 0x8003,

    /// <summary>SOFTWARE (0x8022): a textual description of the agent.</summary>
    Software = 0x8022,

    /// <summary>ALTERNATE-SERVER (0x8023).</summary>
    AlternateServer = 0x8023,

    /// <summary>FINGERPRINT (0x8028): CRC-32 of the message XOR 0x5354554E; always last.</summary>
    Fingerprint = 0x8028,

    /// <summary>ICE-CONTROLLED (0x8029): the sender is controlled; carries its 64-bit tie-breaker.</summary>
    IceControlled = 0x8029,

    /// <summary>ICE-CONTROLLING (0x802A): the sender is controlling; carries its 64-bit tie-breaker.</summary>
    IceControlling = 0x802A,
}
