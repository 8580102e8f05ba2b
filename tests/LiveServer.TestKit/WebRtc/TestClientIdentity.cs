using LiveServer.WebRtc.Dtls;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace LiveServer.TestKit.WebRtc;

/// <summary>A browser-like client identity: self-signed ECDSA P-256 certificate and key, built with BouncyCastle directly.</summary>
public sealed class TestClientIdentity
{
    private static readonly Lazy<TestClientIdentity> s_shared = new(Create);

    private TestClientIdentity(byte[] derCertificate, AsymmetricKeyParameter privateKey)
    {
        DerCertificate = derCertificate;
        PrivateKey = privateKey;
        Fingerprint = DtlsFingerprint.FromCertificate(derCertificate);
    }

    public static TestClientIdentity Shared => s_shared.Value;

    public byte[] DerCertificate { get; }

    public AsymmetricKeyParameter PrivateKey { get; }

    public DtlsFingerprint Fingerprint { get; }

    public static TestClientIdentity Create()
    {
        var random = new SecureRandom();
        var keyGenerator = new ECKeyPairGenerator();
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        AsymmetricCipherKeyPair keyPair = keyGenerator.GenerateKeyPair();

        var name = new X509Name("CN=WebRTC");
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(BigInteger.ValueOf(Random.Shared.NextInt64(1, long.MaxValue)));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(DateTime.UtcNow.AddDays(-1));
        generator.SetNotAfter(DateTime.UtcNow.AddDays(30));
        generator.SetPublicKey(keyPair.Public);
        X509Certificate certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));
        return new TestClientIdentity(certificate.GetEncoded(), keyPair.Private);
    }
}
