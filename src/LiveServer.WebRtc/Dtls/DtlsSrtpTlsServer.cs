// The TLS side of a WebRTC DTLS server, as a BouncyCastle TlsServer:
// - RFC 6347: DTLS 1.2 only (DTLS 1.0 is refused; browsers have not needed it for years).
// - RFC 8827 section 6.5 and RFC 8122 section 5: a client certificate is required and is accepted
//   exactly when its SHA-256 fingerprint equals the one from the SDP offer; chains, names and
//   validity dates are not checked (WebRTC certificates are self-signed by design).
// - RFC 8422: ECDHE-ECDSA suites only (AES-GCM first, ChaCha20-Poly1305, then AES-CBC), signed with
//   the server's P-256 key. No RSA key exchange, no PSK, no session resumption or renegotiation, no
//   encrypt-then-MAC (RFC 7366; browsers do not offer it for DTLS).
// - RFC 5764 section 4.1: use_srtp is required; the first server-preferred profile the client offers
//   is chosen; a non-empty client MKI is answered with an empty one (RFC 5764 4.1.1 allows this).
// - RFC 7627: extended master secret is required, because BouncyCastle will not export keying
//   material (RFC 5705) without it; every current browser sends it.
// - RFC 5764 section 4.2: the SRTP keying material is exported in NotifyHandshakeComplete, the only
//   point where BouncyCastle still holds the master secret.
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace LiveServer.WebRtc.Dtls;

/// <summary>BouncyCastle TLS server policy for a WebRTC DTLS-SRTP session; one instance per handshake.</summary>
internal sealed class DtlsSrtpTlsServer : DefaultTlsServer
{
    /// <summary>RFC 5764 section 4.2 exporter label.</summary>
    internal const string SrtpExporterLabel = "EXTRACTOR-dtls_srtp";

    private static readonly int[] s_cipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    ];

    private readonly BcTlsCrypto _crypto;
    private readonly DtlsCertificate _certificate;
    private readonly DtlsFingerprint _expectedClientFingerprint;
    private readonly DtlsServerTransportOptions _options;
    private readonly Action<short, short> _onAlertReceived;
    private ushort _selectedSrtpProfile;
    private DtlsFingerprint? _clientFingerprint;
    private int _selectedCipherSuite = -1;

    public DtlsSrtpTlsServer(
        BcTlsCrypto crypto,
        DtlsCertificate certificate,
        DtlsFingerprint expectedClientFingerprint,
        DtlsServerTransportOptions options,
        Action<short, short> onAlertReceived)
        : base(crypto)
    {
        _crypto = crypto;
        _certificate = certificate;
        _expectedClientFingerprint = expectedClientFingerprint;
        _options = options;
        _onAlertReceived = onAlertReceived;
    }

    /// <summary>The specific reason this policy rejected the handshake, if it did.</summary>
    public DtlsHandshakeFailure? Failure { get; private set; }

    /// <summary>The human-readable detail that goes with <see cref="Failure"/>.</summary>
    public string? FailureDetail { get; private set; }

    /// <summary>The last alert the peer sent: (level, description).</summary>
    public (short Level, short Description)? LastAlertReceived { get; private set; }

    /// <summary>The last alert this side raised, as text, for the failure message.</summary>
    public string? LastAlertRaised { get; private set; }

    /// <summary>Set in <see cref="NotifyHandshakeComplete"/>.</summary>
    public DtlsHandshakeResult? Result { get; private set; }

    public override bool IgnoreCorruptDtlsRecords => true;

    public override int GetHandshakeTimeoutMillis() => (int)_options.HandshakeTimeout.TotalMilliseconds;

    public override int GetHandshakeResendTimeMillis() => (int)_options.InitialRetransmitTimeout.TotalMilliseconds;

    public override bool RequiresExtendedMasterSecret() => true;

    public override bool ShouldUseExtendedMasterSecret() => true;

    public override bool AllowLegacyResumption() => false;

    public override int GetMaxCertificateChainLength() => 4;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, s_cipherSuites);

    protected override bool PreferLocalCipherSuites() => true;

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);

        if (clientExtensions is null || !TlsExtensionsUtilities.HasExtendedMasterSecretExtension(clientExtensions))
        {
            throw Reject(
                DtlsHandshakeFailure.ExtendedMasterSecretRequired,
                "The client did not offer extended_master_secret (RFC 7627), which DTLS-SRTP key export requires.",
                AlertDescription.handshake_failure);
        }

        UseSrtpData? offer = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (offer is null)
        {
            throw Reject(
                DtlsHandshakeFailure.NoCommonSrtpProfile,
                "The client offered no use_srtp extension (RFC 5764); DTLS-SRTP needs one.",
                AlertDescription.handshake_failure);
        }

        int[] offered = offer.ProtectionProfiles ?? [];
        foreach (ushort candidate in _options.SrtpProfiles)
        {
            if (Array.IndexOf(offered, candidate) >= 0)
            {
                _selectedSrtpProfile = candidate;
                return;
            }
        }

        throw Reject(
            DtlsHandshakeFailure.NoCommonSrtpProfile,
            $"No SRTP profile in common: the client offered [{string.Join(", ", offered.Select(p => DtlsSrtpProfile.GetName((ushort)p)))}], "
            + $"the server supports [{string.Join(", ", _options.SrtpProfiles.Select(DtlsSrtpProfile.GetName))}].",
            AlertDescription.handshake_failure);
    }

    /// <summary>The cipher suite chosen for the ServerHello, or -1 before; read from other threads.</summary>
    public int SelectedCipherSuite => Volatile.Read(ref _selectedCipherSuite);

    // Chrome (BoringSSL) never negotiates encrypt-then-MAC; leaving it off keeps one CBC record
    // layout, which ProtectedRecordFilter relies on.
    protected override bool AllowEncryptThenMac() => false;

    public override int GetSelectedCipherSuite()
    {
        try
        {
            int cipherSuite = base.GetSelectedCipherSuite();
            Volatile.Write(ref _selectedCipherSuite, cipherSuite);
            return cipherSuite;
        }
        catch (TlsFatalAlert alert) when (alert.AlertDescription == AlertDescription.handshake_failure)
        {
            Failure ??= DtlsHandshakeFailure.NoCommonCipherSuite;
            FailureDetail ??= "No cipher suite in common: the server needs one of the ECDHE-ECDSA suites "
                + "(AES-GCM, ChaCha20-Poly1305 or AES-CBC) with an ECDSA signature algorithm the client accepts; the client offered ["
                + string.Join(", ", (m_offeredCipherSuites ?? []).Select(s => $"0x{s:X4}")) + "].";
            throw;
        }
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([_selectedSrtpProfile], []));
        return extensions;
    }

    protected override TlsCredentialedSigner GetECDsaSignerCredentials()
    {
        // TLS 1.2 lets the client list the signature algorithms it accepts (RFC 5246 7.4.1.4.1); take
        // ecdsa_secp256r1_sha256 when offered (it matches the P-256 key), else any ECDSA hash, and fall
        // back to SHA-1 only for a client that sent no list at all, as RFC 5246 prescribes.
        IList<SignatureAndHashAlgorithm>? clientSigAlgs = m_context.SecurityParameters.ClientSigAlgs;
        SignatureAndHashAlgorithm? chosen = null;
        if (clientSigAlgs is null)
        {
            chosen = SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha1, SignatureAlgorithm.ecdsa);
        }
        else
        {
            foreach (SignatureAndHashAlgorithm candidate in clientSigAlgs)
            {
                if (candidate.Signature != SignatureAlgorithm.ecdsa)
                {
                    continue;
                }

                if (candidate.Hash == HashAlgorithm.sha256)
                {
                    chosen = candidate;
                    break;
                }

                chosen ??= candidate;
            }
        }

        if (chosen is null)
        {
            throw Reject(
                DtlsHandshakeFailure.NoCommonCipherSuite,
                "The client accepts no ECDSA signature algorithm, so the server's ECDSA certificate cannot be used.",
                AlertDescription.handshake_failure);
        }

        return new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(m_context), _crypto, _certificate.PrivateKey, _certificate.ToTlsCertificate(_crypto), chosen);
    }

    public override CertificateRequest GetCertificateRequest()
    {
        // Browsers use ECDSA P-256 by default but may be configured for RSA (generateCertificate), so
        // both certificate types are requested; the fingerprint is what authenticates the peer.
        short[] certificateTypes = [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign];
        return new CertificateRequest(certificateTypes, TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context), null);
    }

    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        if (clientCertificate is null || clientCertificate.IsEmpty)
        {
            throw Reject(
                DtlsHandshakeFailure.MissingClientCertificate,
                "The client sent no certificate; WebRTC requires one to match the SDP fingerprint (RFC 8827 6.5).",
                AlertDescription.handshake_failure);
        }

        DtlsFingerprint actual = DtlsFingerprint.FromCertificate(clientCertificate.GetCertificateAt(0).GetEncoded());
        if (!actual.Equals(_expectedClientFingerprint))
        {
            throw Reject(
                DtlsHandshakeFailure.FingerprintMismatch,
                $"Client certificate fingerprint {actual} does not match the SDP offer's {_expectedClientFingerprint}.",
                AlertDescription.bad_certificate);
        }

        _clientFingerprint = actual;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();

        if (_clientFingerprint is null)
        {
            // Unreachable with a certificate request in place; guards the invariant all the same.
            throw Reject(DtlsHandshakeFailure.MissingClientCertificate, "The handshake completed without a client certificate.", AlertDescription.internal_error);
        }

        int length = DtlsSrtpProfile.GetKeyingMaterialLength(_selectedSrtpProfile);
        byte[] keyingMaterial = m_context.ExportKeyingMaterial(SrtpExporterLabel, null, length);
        Result = new DtlsHandshakeResult(_selectedSrtpProfile, keyingMaterial, _clientFingerprint, m_context.SecurityParameters.CipherSuite);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        LastAlertReceived = (alertLevel, alertDescription);
        _onAlertReceived(alertLevel, alertDescription);
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause)
    {
        base.NotifyAlertRaised(alertLevel, alertDescription, message, cause);
        LastAlertRaised = AlertDescription.GetText(alertDescription)
            + (string.IsNullOrEmpty(message) ? string.Empty : ": " + message)
            + (cause is null ? string.Empty : " (" + cause.Message + ")");
    }

    private TlsFatalAlert Reject(DtlsHandshakeFailure failure, string detail, short alertDescription)
    {
        Failure ??= failure;
        FailureDetail ??= detail;
        return new TlsFatalAlert(alertDescription, detail);
    }
}
