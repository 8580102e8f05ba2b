// SRTP protection profiles negotiated by the DTLS use_srtp extension: RFC 5764 section 4.1.2 (profile
// values, here AES128_CM_HMAC_SHA1_80) and RFC 7714 section 14.2 (SRTP_AEAD_AES_128_GCM), with the
// master key and salt lengths that size the exported keying material (RFC 5764 section 4.2). The
// 32-bit-tag, NULL and AES-256 profiles are left out: browsers always offer one of the two kept here.
namespace LiveServer.WebRtc.Dtls;

/// <summary>
/// The SRTP protection profile identifiers (the 16-bit values of the use_srtp extension) that the
/// DTLS server can negotiate, and their master key and salt lengths.
/// </summary>
public static class DtlsSrtpProfile
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (0x0001): AES-128 counter mode, HMAC-SHA1 with an 80-bit tag; 16-byte key, 14-byte salt.</summary>
    public const ushort Aes128CmHmacSha1Tag80 = 0x0001;

    /// <summary>SRTP_AEAD_AES_128_GCM (0x0007): AES-128-GCM with a 16-byte tag; 16-byte key, 12-byte salt.</summary>
    public const ushort AeadAes128Gcm = 0x0007;

    /// <summary>The profiles this server offers, in order of preference: GCM first, then AES-CM.</summary>
    public static IReadOnlyList<ushort> Supported { get; } = [AeadAes128Gcm, Aes128CmHmacSha1Tag80];

    /// <summary>Whether the profile is one this server can negotiate.</summary>
    /// <param name="profile">The use_srtp profile value.</param>
    /// <returns><see langword="true"/> for <see cref="AeadAes128Gcm"/> and <see cref="Aes128CmHmacSha1Tag80"/>.</returns>
    public static bool IsSupported(ushort profile) => profile is AeadAes128Gcm or Aes128CmHmacSha1Tag80;

    /// <summary>The SRTP master key length in bytes.</summary>
    /// <param name="profile">A supported profile.</param>
    /// <returns>16 for both supported profiles.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The profile is not supported.</exception>
    public static int GetMasterKeyLength(ushort profile) => profile switch
    {
        AeadAes128Gcm or Aes128CmHmacSha1Tag80 => 16,
        _ => throw Unsupported(profile),
    };

    /// <summary>The SRTP master salt length in bytes.</summary>
    /// <param name="profile">A supported profile.</param>
    /// <returns>12 for GCM (RFC 7714), 14 for AES-CM (RFC 3711).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The profile is not supported.</exception>
    public static int GetMasterSaltLength(ushort profile) => profile switch
    {
        AeadAes128Gcm => 12,
        Aes128CmHmacSha1Tag80 => 14,
        _ => throw Unsupported(profile),
    };

    /// <summary>The length of the keying material exported for the profile: 2 * (key + salt).</summary>
    /// <param name="profile">A supported profile.</param>
    /// <returns>56 for GCM, 60 for AES-CM.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The profile is not supported.</exception>
    public static int GetKeyingMaterialLength(ushort profile) =>
        2 * (GetMasterKeyLength(profile) + GetMasterSaltLength(profile));

    /// <summary>The registered name of a profile, e.g. <c>SRTP_AEAD_AES_128_GCM</c>, or its hex value when unknown.</summary>
    /// <param name="profile">Any use_srtp profile value.</param>
    /// <returns>The name.</returns>
    public static string GetName(ushort profile) => profile switch
    {
        AeadAes128Gcm => "SRTP_AEAD_AES_128_GCM",
        Aes128CmHmacSha1Tag80 => "SRTP_AES128_CM_HMAC_SHA1_80",
        0x0002 => "SRTP_AES128_CM_HMAC_SHA1_32",
        0x0005 => "SRTP_NULL_HMAC_SHA1_80",
        0x0006 => "SRTP_NULL_HMAC_SHA1_32",
        0x0008 => "SRTP_AEAD_AES_256_GCM",
        _ => $"0x{profile:X4}",
    };

    private static ArgumentOutOfRangeException Unsupported(ushort profile) =>
        new(nameof(profile), profile, $"SRTP protection profile {GetName(profile)} is not supported.");
}
