// The transform parameters of each protection profile: RFC 5764 section 4.1.2 for
// SRTP_AES128_CM_HMAC_SHA1_80 and RFC 7714 section 14.2 for SRTP_AEAD_AES_128_GCM.
namespace LiveServer.WebRtc.Srtp;

/// <summary>Key, salt and tag sizes per profile.</summary>
internal static class SrtpProfileParameters
{
    /// <summary>Master and session cipher key length.</summary>
    public static int KeyLength(SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 => 16,
        SrtpProtectionProfile.AeadAes128Gcm => 16,
        _ => throw Unsupported(profile),
    };

    /// <summary>Master and session salt length.</summary>
    public static int SaltLength(SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 => 14,
        SrtpProtectionProfile.AeadAes128Gcm => 12,
        _ => throw Unsupported(profile),
    };

    /// <summary>Session authentication key length (none for AEAD).</summary>
    public static int AuthenticationKeyLength(SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 => 20,
        SrtpProtectionProfile.AeadAes128Gcm => 0,
        _ => throw Unsupported(profile),
    };

    /// <summary>Authentication tag length, the same for SRTP and SRTCP in both profiles.</summary>
    public static int TagLength(SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 => 10,
        SrtpProtectionProfile.AeadAes128Gcm => 16,
        _ => throw Unsupported(profile),
    };

    private static ArgumentOutOfRangeException Unsupported(SrtpProtectionProfile profile) =>
        new(nameof(profile), profile, "Unsupported SRTP protection profile.");
}
