namespace LiveServer.WebRtc.Srtp;

/// <summary>The labels of the SRTP key derivation (RFC 3711 section 4.3.2).</summary>
public enum SrtpKeyLabel : byte
{
    /// <summary>0x00: the SRTP encryption key k_e.</summary>
    RtpEncryption = 0x00,

    /// <summary>0x01: the SRTP authentication key k_a.</summary>
    RtpAuthentication = 0x01,

    /// <summary>0x02: the SRTP salting key k_s.</summary>
    RtpSalt = 0x02,

    /// <summary>0x03: the SRTCP encryption key.</summary>
    RtcpEncryption = 0x03,

    /// <summary>0x04: the SRTCP authentication key.</summary>
    RtcpAuthentication = 0x04,

    /// <summary>0x05: the SRTCP salting key.</summary>
    RtcpSalt = 0x05,
}
