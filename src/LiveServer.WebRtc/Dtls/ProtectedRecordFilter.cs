// Length rules for protected (epoch >= 1) DTLS 1.2 records: RFC 5246 section 6.2.3.2 (CBC with an
// explicit IV, MAC-then-encrypt), RFC 5288 section 3 (AES-GCM: 8-byte explicit nonce, 16-byte tag)
// and RFC 7905 section 2 (ChaCha20-Poly1305: implicit nonce, 16-byte tag). RFC 6347 section 4.1.2.7
// says invalid records SHOULD be silently discarded; BouncyCastle 2.7 discards a record whose MAC
// fails (with IgnoreCorruptDtlsRecords) but fails the whole association with decode_error or
// decryption_failed when a record is too short or not block-aligned. Checking the same rules before
// a datagram reaches BouncyCastle turns those into discards. Encrypt-then-MAC is not negotiated.
using Org.BouncyCastle.Tls;

namespace LiveServer.WebRtc.Dtls;

/// <summary>Decides whether a protected record is long enough for the negotiated cipher suite.</summary>
internal static class ProtectedRecordFilter
{
    private const int AesBlockSize = 16;

    /// <summary>
    /// Whether BouncyCastle can attempt to decrypt a record body of this length under the suite (and so
    /// will at worst report a bad MAC). Unknown suites are let through.
    /// </summary>
    public static bool IsDecodable(int cipherSuite, int ciphertextLength)
    {
        switch (cipherSuite)
        {
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384:
                return ciphertextLength >= 8 + 16;
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256:
                return ciphertextLength >= 16;
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA:
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA:
                return IsDecodableCbc(ciphertextLength, macSize: 20);
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256:
                return IsDecodableCbc(ciphertextLength, macSize: 32);
            default:
                return true;
        }
    }

    // Explicit IV block, then at least max(one block, MAC + one padding byte), all block-aligned.
    private static bool IsDecodableCbc(int ciphertextLength, int macSize) =>
        ciphertextLength >= AesBlockSize + Math.Max(AesBlockSize, macSize + 1)
        && ciphertextLength % AesBlockSize == 0;
}
