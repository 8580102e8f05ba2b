// The outcome of a DTLS-SRTP handshake: RFC 5764 section 4.2 (key derivation: the exporter output is
// client key | server key | client salt | server salt). SRTP itself is not done here.
namespace LiveServer.WebRtc.Dtls;

/// <summary>
/// What the DTLS-SRTP handshake produced: the negotiated SRTP protection profile and the keying
/// material exported with the label <c>EXTRACTOR-dtls_srtp</c>, split per RFC 5764 section 4.2.
/// This server is the DTLS server, so the browser (the DTLS client) protects what it sends with the
/// client key and salt, and the server protects what it sends (e.g. RTCP feedback) with the server ones.
/// </summary>
public sealed record DtlsHandshakeResult
{
    /// <summary>Creates a result, splitting the keying material by the profile's key and salt lengths.</summary>
    /// <param name="srtpProfile">The negotiated profile, see <see cref="DtlsSrtpProfile"/>.</param>
    /// <param name="keyingMaterial">The exporter output, exactly <see cref="DtlsSrtpProfile.GetKeyingMaterialLength"/> bytes.</param>
    /// <param name="remoteFingerprint">The fingerprint of the certificate the client presented.</param>
    /// <param name="cipherSuite">The negotiated TLS cipher suite (IANA value), for diagnostics.</param>
    /// <exception cref="ArgumentException">The keying material length does not match the profile.</exception>
    public DtlsHandshakeResult(ushort srtpProfile, byte[] keyingMaterial, DtlsFingerprint remoteFingerprint, int cipherSuite)
    {
        ArgumentNullException.ThrowIfNull(keyingMaterial);
        ArgumentNullException.ThrowIfNull(remoteFingerprint);

        int keyLength = DtlsSrtpProfile.GetMasterKeyLength(srtpProfile);
        int saltLength = DtlsSrtpProfile.GetMasterSaltLength(srtpProfile);
        if (keyingMaterial.Length != 2 * (keyLength + saltLength))
        {
            throw new ArgumentException(
                $"{DtlsSrtpProfile.GetName(srtpProfile)} needs {2 * (keyLength + saltLength)} bytes of keying material, not {keyingMaterial.Length}.",
                nameof(keyingMaterial));
        }

        SrtpProfile = srtpProfile;
        KeyingMaterial = keyingMaterial;
        ClientMasterKey = KeyingMaterial.Slice(0, keyLength);
        ServerMasterKey = KeyingMaterial.Slice(keyLength, keyLength);
        ClientMasterSalt = KeyingMaterial.Slice(2 * keyLength, saltLength);
        ServerMasterSalt = KeyingMaterial.Slice((2 * keyLength) + saltLength, saltLength);
        RemoteFingerprint = remoteFingerprint;
        CipherSuite = cipherSuite;
    }

    /// <summary>The negotiated SRTP protection profile (use_srtp value), e.g. <see cref="DtlsSrtpProfile.AeadAes128Gcm"/>.</summary>
    public ushort SrtpProfile { get; }

    /// <summary>The raw exporter output: 56 bytes for GCM, 60 for AES-CM.</summary>
    public ReadOnlyMemory<byte> KeyingMaterial { get; }

    /// <summary>client_write_SRTP_master_key: protects SRTP/SRTCP sent by the browser (decrypt incoming media with it).</summary>
    public ReadOnlyMemory<byte> ClientMasterKey { get; }

    /// <summary>client_write_SRTP_master_salt: the salt that goes with <see cref="ClientMasterKey"/>.</summary>
    public ReadOnlyMemory<byte> ClientMasterSalt { get; }

    /// <summary>server_write_SRTP_master_key: protects SRTP/SRTCP sent by this server.</summary>
    public ReadOnlyMemory<byte> ServerMasterKey { get; }

    /// <summary>server_write_SRTP_master_salt: the salt that goes with <see cref="ServerMasterKey"/>.</summary>
    public ReadOnlyMemory<byte> ServerMasterSalt { get; }

    /// <summary>The SHA-256 fingerprint of the client's certificate; it matched the SDP offer.</summary>
    public DtlsFingerprint RemoteFingerprint { get; }

    /// <summary>The negotiated TLS cipher suite (IANA value, e.g. 0xC02B), for diagnostics.</summary>
    public int CipherSuite { get; }
}
