namespace LiveServer.WebRtc.Rtcp;

/// <summary>Why an RTCP packet or compound packet was refused.</summary>
public enum RtcpParseError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>Fewer than 4 bytes left for a common header.</summary>
    TooShort,

    /// <summary>The version field is not 2.</summary>
    BadVersion,

    /// <summary>The length field points past the end of the datagram.</summary>
    BadLength,

    /// <summary>The P bit is set but the padding count is zero, unaligned or too large.</summary>
    BadPadding,

    /// <summary>The packet is not of the type or format the view expects.</summary>
    WrongType,

    /// <summary>The body is too short for the report blocks, chunks or entries it announces.</summary>
    Truncated,
}
