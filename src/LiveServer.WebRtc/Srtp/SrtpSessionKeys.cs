// The session keys of one direction of an SRTP session: RFC 3711 section 4.3 (six keys, three for
// SRTP and three for SRTCP, labels 0x00..0x05) and RFC 7714 section 11 (AEAD: no auth keys).
namespace LiveServer.WebRtc.Srtp;

/// <summary>
/// The derived (or, for test vectors, given) session keys of one direction. Derive them from a
/// master key and salt with <see cref="Derive"/>.
/// </summary>
public sealed class SrtpSessionKeys
{
    /// <summary>Takes session keys as they are, for interop and published test vectors.</summary>
    /// <param name="rtpCipherKey">SRTP encryption key.</param>
    /// <param name="rtpAuthenticationKey">SRTP authentication key (empty for AEAD).</param>
    /// <param name="rtpSalt">SRTP salting key.</param>
    /// <param name="rtcpCipherKey">SRTCP encryption key.</param>
    /// <param name="rtcpAuthenticationKey">SRTCP authentication key (empty for AEAD).</param>
    /// <param name="rtcpSalt">SRTCP salting key.</param>
    public SrtpSessionKeys(
        ReadOnlySpan<byte> rtpCipherKey,
        ReadOnlySpan<byte> rtpAuthenticationKey,
        ReadOnlySpan<byte> rtpSalt,
        ReadOnlySpan<byte> rtcpCipherKey,
        ReadOnlySpan<byte> rtcpAuthenticationKey,
        ReadOnlySpan<byte> rtcpSalt)
    {
        RtpCipherKey = rtpCipherKey.ToArray();
        RtpAuthenticationKey = rtpAuthenticationKey.ToArray();
        RtpSalt = rtpSalt.ToArray();
        RtcpCipherKey = rtcpCipherKey.ToArray();
        RtcpAuthenticationKey = rtcpAuthenticationKey.ToArray();
        RtcpSalt = rtcpSalt.ToArray();
    }

    /// <summary>SRTP encryption key (label 0x00).</summary>
    public ReadOnlyMemory<byte> RtpCipherKey { get; }

    /// <summary>SRTP authentication key (label 0x01); empty for AEAD profiles.</summary>
    public ReadOnlyMemory<byte> RtpAuthenticationKey { get; }

    /// <summary>SRTP salting key (label 0x02).</summary>
    public ReadOnlyMemory<byte> RtpSalt { get; }

    /// <summary>SRTCP encryption key (label 0x03).</summary>
    public ReadOnlyMemory<byte> RtcpCipherKey { get; }

    /// <summary>SRTCP authentication key (label 0x04); empty for AEAD profiles.</summary>
    public ReadOnlyMemory<byte> RtcpAuthenticationKey { get; }

    /// <summary>SRTCP salting key (label 0x05).</summary>
    public ReadOnlyMemory<byte> RtcpSalt { get; }

    /// <summary>Derives the six session keys of a profile from a master key and master salt.</summary>
    /// <param name="profile">The negotiated profile; decides key, salt and auth key sizes.</param>
    /// <param name="masterKey">The master key (16 bytes).</param>
    /// <param name="masterSalt">The master salt (14 bytes for AES-CM, 12 for AES-GCM).</param>
    /// <returns>The session keys.</returns>
    public static SrtpSessionKeys Derive(SrtpProtectionProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        int keyLength = SrtpProfileParameters.KeyLength(profile);
        int saltLength = SrtpProfileParameters.SaltLength(profile);
        int authLength = SrtpProfileParameters.AuthenticationKeyLength(profile);
        if (masterKey.Length != keyLength || masterSalt.Length != saltLength)
        {
            throw new ArgumentException($"{profile} takes a {keyLength}-byte master key and a {saltLength}-byte master salt.");
        }

        using var prf = new AesCmCipher(masterKey);
        Span<byte> keys = stackalloc byte[2 * (keyLength + authLength + saltLength)];
        Span<byte> rtpKey = keys[..keyLength];
        Span<byte> rtpAuth = keys.Slice(keyLength, authLength);
        Span<byte> rtpSalt = keys.Slice(keyLength + authLength, saltLength);
        Span<byte> rtcp = keys[(keyLength + authLength + saltLength)..];
        Span<byte> rtcpKey = rtcp[..keyLength];
        Span<byte> rtcpAuth = rtcp.Slice(keyLength, authLength);
        Span<byte> rtcpSalt = rtcp.Slice(keyLength + authLength, saltLength);
        SrtpKeyDerivation.DeriveKey(prf, masterSalt, SrtpKeyLabel.RtpEncryption, rtpKey);
        SrtpKeyDerivation.DeriveKey(prf, masterSalt, SrtpKeyLabel.RtpAuthentication, rtpAuth);
        SrtpKeyDerivation.DeriveKey(prf, masterSalt, SrtpKeyLabel.RtpSalt, rtpSalt);
        SrtpKeyDerivation.DeriveKey(prf, masterSalt, SrtpKeyLabel.RtcpEncryption, rtcpKey);
        SrtpKeyDerivation.DeriveKey(prf, masterSalt, SrtpKeyLabel.RtcpAuthentication, rtcpAuth);
        SrtpKeyDerivation.DeriveKey(prf, masterSalt, SrtpKeyLabel.RtcpSalt, rtcpSalt);
        var result = new SrtpSessionKeys(rtpKey, rtpAuth, rtpSalt, rtcpKey, rtcpAuth, rtcpSalt);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(keys);
        return result;
    }
}
