using System.Diagnostics.CodeAnalysis;

namespace LiveServer.WebRtc.Srtp;

/// <summary>
/// The DTLS-SRTP protection profiles this stack implements, by their registered ids
/// (RFC 5764 section 4.1.2, RFC 7714 section 14.2).
/// </summary>
public enum SrtpProtectionProfile : ushort
{
    /// <summary>
    /// SRTP_AES128_CM_HMAC_SHA1_80 (0x0001): AES-128 counter mode, 112-bit salt, HMAC-SHA1
    /// truncated to 80 bits for SRTP and SRTCP (RFC 3711, RFC 5764).
    /// </summary>
    [SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "The registered name ends in _80, the tag length.")]
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>
    /// SRTP_AEAD_AES_128_GCM (0x0007): AES-128-GCM with a 96-bit salt and a 128-bit tag (RFC 7714).
    /// </summary>
    AeadAes128Gcm = 0x0007,
}
