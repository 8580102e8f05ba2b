// The server's DTLS identity for WebRTC: RFC 8827 section 6.5 and RFC 8122 section 5. WebRTC peers
// do not validate certificate chains; each side sends a self-signed certificate and the other checks
// its SHA-256 fingerprint against the one carried in SDP. This type generates such a certificate
// (ECDSA P-256, SHA256withECDSA, like browsers) and formats its fingerprint for the SDP answer.
// It does not persist certificates or rotate them; one per server process is the intended use.
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.X509;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace LiveServer.WebRtc.Dtls;

/// <summary>
/// A self-signed ECDSA P-256 certificate and its private key, used as the DTLS server identity.
/// Generate one at startup and share it across sessions; it is immutable and thread-safe.
/// </summary>
public sealed class DtlsCertificate
{
    /// <summary>How far before "now" the certificate becomes valid, to tolerate peers with clock skew.</summary>
    public static readonly TimeSpan ValidBefore = TimeSpan.FromDays(30);

    /// <summary>How long after "now" the certificate stays valid.</summary>
    public static readonly TimeSpan ValidAfter = TimeSpan.FromDays(365);

    private readonly byte[] _derEncoded;

    private DtlsCertificate(X509Certificate certificate, AsymmetricKeyParameter privateKey)
    {
        Certificate = certificate;
        PrivateKey = privateKey;
        _derEncoded = certificate.GetEncoded();
        Fingerprint = DtlsFingerprint.FromCertificate(_derEncoded);
        NotBefore = new DateTimeOffset(DateTime.SpecifyKind(certificate.NotBefore, DateTimeKind.Utc));
        NotAfter = new DateTimeOffset(DateTime.SpecifyKind(certificate.NotAfter, DateTimeKind.Utc));
    }

    /// <summary>The SHA-256 fingerprint; <c>Fingerprint.ToSdpValue()</c> is the SDP <c>a=fingerprint</c> value.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>The DER encoding of the certificate, as sent in the DTLS Certificate message.</summary>
    public ReadOnlyMemory<byte> DerEncoded => _derEncoded;

    /// <summary>Start of the validity period.</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>End of the validity period.</summary>
    public DateTimeOffset NotAfter { get; }

    internal X509Certificate Certificate { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>Generates a new certificate valid from 30 days ago to a year from now (system clock).</summary>
    /// <returns>The certificate.</returns>
    public static DtlsCertificate Generate() => Generate(TimeProvider.System);

    /// <summary>Generates a new certificate valid from 30 days before to a year after the given clock's now.</summary>
    /// <param name="timeProvider">The clock that defines "now".</param>
    /// <returns>The certificate.</returns>
    public static DtlsCertificate Generate(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);

        var random = new SecureRandom();
        var keyGenerator = new ECKeyPairGenerator();
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        AsymmetricCipherKeyPair keyPair = keyGenerator.GenerateKeyPair();

        // X.509 times have one-second resolution; truncate so NotBefore/NotAfter round-trip exactly.
        DateTime now = timeProvider.GetUtcNow().UtcDateTime;
        now = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

        var name = new X509Name("CN=LiveServer");
        var generator = new X509V3CertificateGenerator();

        // A positive, non-zero serial of up to 64 bits (RFC 5280 4.1.2.2 allows up to 20 octets).
        generator.SetSerialNumber(new BigInteger(63, random).Add(BigInteger.One));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(now - ValidBefore);
        generator.SetNotAfter(now + ValidAfter);
        generator.SetPublicKey(keyPair.Public);

        X509Certificate certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));
        return new DtlsCertificate(certificate, keyPair.Private);
    }

    /// <summary>The certificate as a TLS Certificate message chain of one, for the given crypto provider.</summary>
    internal Certificate ToTlsCertificate(BcTlsCrypto crypto) =>
        new(new TlsCertificate[] { new BcTlsCertificate(crypto, _derEncoded) });
}
