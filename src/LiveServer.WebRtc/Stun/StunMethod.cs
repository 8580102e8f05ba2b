namespace LiveServer.WebRtc.Stun;

/// <summary>
/// The 12-bit method of a STUN message (RFC 8489 section 18.2). Only Binding is used by ICE;
/// other values parse as their number.
/// </summary>
public enum StunMethod : ushort
{
    /// <summary>Binding (0x001), the only method ICE connectivity checks use.</summary>
    Binding = 0x001,
}
