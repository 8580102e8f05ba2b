namespace LiveServer.WebRtc.Rtp;

/// <summary>Why <see cref="RtpPacket.TryParse(ReadOnlySpan{byte}, out RtpPacket, out RtpParseError)"/> refused a datagram.</summary>
public enum RtpParseError
{
    /// <summary>The packet was accepted.</summary>
    None = 0,

    /// <summary>Shorter than the 12-byte fixed header.</summary>
    TooShort,

    /// <summary>The version field is not 2.</summary>
    BadVersion,

    /// <summary>The CSRC list runs past the end of the datagram.</summary>
    TruncatedCsrcList,

    /// <summary>The header extension runs past the end of the datagram.</summary>
    TruncatedExtension,

    /// <summary>The P bit is set but the padding count is zero or larger than what follows the header.</summary>
    BadPadding,
}
