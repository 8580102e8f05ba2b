// The SRTP key derivation: RFC 3711 section 4.3.1 (key_id = label || r, x = key_id XOR
// master_salt) and 4.3.3 (the AES-CM PRF: keystream of the master key started at x * 2^16).
// RFC 7714 section 11 uses the same PRF for AES-GCM; its 96-bit master salt occupies the most
// significant bytes of the 112-bit field, the rest is zero.
//
// Left out: a non-zero key_derivation_rate (DTLS-SRTP always uses 0, so r = index DIV kdr is 0
// and keys are derived once per session) and AES-256 PRF variants.
namespace LiveServer.WebRtc.Srtp;

/// <summary>Derives SRTP session keys from a master key and master salt.</summary>
public static class SrtpKeyDerivation
{
    /// <summary>Derives one session key (key derivation rate 0).</summary>
    /// <param name="masterKey">The 16-byte master key.</param>
    /// <param name="masterSalt">The 14-byte (AES-CM) or 12-byte (AES-GCM) master salt.</param>
    /// <param name="label">Which key to derive.</param>
    /// <param name="output">Receives the key; its length is the key length wanted.</param>
    public static void DeriveKey(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpKeyLabel label, Span<byte> output)
    {
        using var prf = new AesCmCipher(masterKey);
        DeriveKey(prf, masterSalt, label, output);
    }

    /// <summary>Derives one session key with a PRF already keyed with the master key.</summary>
    internal static void DeriveKey(AesCmCipher prf, ReadOnlySpan<byte> masterSalt, SrtpKeyLabel label, Span<byte> output)
    {
        if (masterSalt.Length is not (12 or 14))
        {
            throw new ArgumentException("The master salt is 14 bytes (AES-CM) or 12 bytes (AES-GCM).", nameof(masterSalt));
        }

        // x = (label || r) XOR master_salt, r = 0; the label sits 7 bytes from the end of the
        // 14-byte field. The PRF input is x * 2^16: two zero bytes on the right.
        Span<byte> iv = stackalloc byte[AesCmCipher.BlockSize];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[7] ^= (byte)label;
        output.Clear();
        prf.Apply(iv, output);
    }
}
