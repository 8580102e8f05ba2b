namespace LiveServer.WebRtc.Stun;

/// <summary>The class of a STUN message (RFC 8489 section 5): the C1 and C0 bits of the message type.</summary>
public enum StunClass
{
    /// <summary>A request (C1 C0 = 0b00).</summary>
    Request = 0,

    /// <summary>An indication (C1 C0 = 0b01).</summary>
    Indication = 1,

    /// <summary>A success response (C1 C0 = 0b10).</summary>
    SuccessResponse = 2,

    /// <summary>An error response (C1 C0 = 0b11).</summary>
    ErrorResponse = 3,
}
