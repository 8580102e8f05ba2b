using LiveServer.WebRtc.Dtls;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace LiveServer.TestKit.WebRtc;

/// <summary>
/// A BouncyCastle DTLS 1.2 client that behaves like a browser: use_srtp, extended master secret, an
/// ECDSA client certificate, and a check of the server certificate against an expected fingerprint.
/// </summary>
public sealed class DtlsTestClient : DefaultTlsClient
{
    private readonly BcTlsCrypto _crypto;
    private ushort? _negotiatedProfile;

    public DtlsTestClient(TestClientIdentity? identity = null)
        : this(new BcTlsCrypto(new SecureRandom()), identity ?? TestClientIdentity.Shared)
    {
    }

    private DtlsTestClient(BcTlsCrypto crypto, TestClientIdentity identity)
        : base(crypto)
    {
        _crypto = crypto;
        Identity = identity;
    }

    public TestClientIdentity Identity { get; }

    /// <summary>Profiles offered in use_srtp, or null to send no use_srtp extension.</summary>
    public int[]? SrtpProfiles { get; init; } = [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80];

    public bool OfferExtendedMasterSecret { get; init; } = true;

    public bool SendCertificate { get; init; } = true;

    /// <summary>Reject the server certificate with bad_certificate, as a browser does on an SDP fingerprint mismatch.</summary>
    public bool RejectServerCertificate { get; init; }

    /// <summary>Cipher suites to offer, or null for BouncyCastle's defaults.</summary>
    public int[]? CipherSuites { get; init; }

    public int ResendMillis { get; init; } = 100;

    public int TimeoutMillis { get; init; } = 8000;

    public DtlsFingerprint? ServerFingerprint { get; private set; }

    public ushort? NegotiatedProfile => _negotiatedProfile;

    public byte[]? KeyingMaterial { get; private set; }

    public int HandshakeCompletions { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => CipherSuites ?? base.GetSupportedCipherSuites();

    public override int GetHandshakeResendTimeMillis() => ResendMillis;

    public override int GetHandshakeTimeoutMillis() => TimeoutMillis;

    public override bool ShouldUseExtendedMasterSecret() => OfferExtendedMasterSecret;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        if (SrtpProfiles is not null)
        {
            TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(SrtpProfiles, []));
        }

        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        UseSrtpData? chosen = serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (chosen is not null)
        {
            if (chosen.ProtectionProfiles.Length != 1)
            {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter, "the server must choose exactly one SRTP profile");
            }

            _negotiatedProfile = (ushort)chosen.ProtectionProfiles[0];
        }
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        HandshakeCompletions++;
        if (_negotiatedProfile is { } profile)
        {
            KeyingMaterial = m_context.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", null, DtlsSrtpProfile.GetKeyingMaterialLength(profile));
        }
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    private sealed class Authentication(DtlsTestClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            Certificate chain = serverCertificate.Certificate;
            client.ServerFingerprint = DtlsFingerprint.FromCertificate(chain.GetCertificateAt(0).GetEncoded());
            if (client.RejectServerCertificate)
            {
                throw new TlsFatalAlert(AlertDescription.bad_certificate, "server fingerprint does not match the SDP answer");
            }
        }

        public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest)
        {
            if (!client.SendCertificate)
            {
                return null;
            }

            var certificate = new Certificate([new BcTlsCertificate(client._crypto, client.Identity.DerCertificate)]);
            return new BcDefaultTlsCredentialedSigner(
                new TlsCryptoParameters(client.m_context),
                client._crypto,
                client.Identity.PrivateKey,
                certificate,
                SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        }
    }
}
