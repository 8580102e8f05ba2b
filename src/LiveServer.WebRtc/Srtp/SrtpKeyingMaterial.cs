// Turning DTLS-exported keying material into SRTP contexts: RFC 5764 section 4.2. The DTLS layer
// exports 2 * (key + salt) bytes with the label "EXTRACTOR-dtls_srtp" (RFC 5705, no context),
// laid out as client_write_SRTP_master_key | server_write_SRTP_master_key |
// client_write_SRTP_master_salt | server_write_SRTP_master_salt. Each side protects with its own
// write keys and unprotects with the peer's.
namespace LiveServer.WebRtc.Srtp;

/// <summary>Builds the local (protecting) and remote (unprotecting) contexts of a DTLS-SRTP session.</summary>
public static class SrtpKeyingMaterial
{
    /// <summary>The TLS exporter label for DTLS-SRTP keying material (RFC 5764 section 4.2).</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    /// <summary>How many bytes the DTLS layer must export for a profile (60 for AES-CM, 56 for AES-GCM).</summary>
    /// <param name="profile">The negotiated profile.</param>
    /// <returns>2 * (master key length + master salt length).</returns>
    public static int GetLength(SrtpProtectionProfile profile) =>
        2 * (SrtpProfileParameters.KeyLength(profile) + SrtpProfileParameters.SaltLength(profile));

    /// <summary>Splits the exported block and creates both contexts.</summary>
    /// <param name="profile">The profile negotiated in the use_srtp extension.</param>
    /// <param name="keyingMaterial">Exactly <see cref="GetLength"/> bytes from the DTLS exporter.</param>
    /// <param name="role">This endpoint's DTLS role.</param>
    /// <returns>
    /// Local: protects what this endpoint sends (RTCP feedback; RTP in tests). Remote: unprotects
    /// what the peer sends. The caller owns and disposes both.
    /// </returns>
    public static (SrtpContext Local, SrtpContext Remote) CreateContexts(
        SrtpProtectionProfile profile,
        ReadOnlySpan<byte> keyingMaterial,
        DtlsSrtpRole role)
    {
        int keyLength = SrtpProfileParameters.KeyLength(profile);
        int saltLength = SrtpProfileParameters.SaltLength(profile);
        if (keyingMaterial.Length != GetLength(profile))
        {
            throw new ArgumentException($"{profile} needs {GetLength(profile)} bytes of keying material.", nameof(keyingMaterial));
        }

        ReadOnlySpan<byte> clientKey = keyingMaterial[..keyLength];
        ReadOnlySpan<byte> serverKey = keyingMaterial.Slice(keyLength, keyLength);
        ReadOnlySpan<byte> clientSalt = keyingMaterial.Slice(2 * keyLength, saltLength);
        ReadOnlySpan<byte> serverSalt = keyingMaterial.Slice((2 * keyLength) + saltLength, saltLength);
        bool server = role == DtlsSrtpRole.Server;

        var local = new SrtpContext(profile, server ? serverKey : clientKey, server ? serverSalt : clientSalt);
        try
        {
            var remote = new SrtpContext(profile, server ? clientKey : serverKey, server ? clientSalt : serverSalt);
            return (local, remote);
        }
        catch
        {
            local.Dispose();
            throw;
        }
    }
}
