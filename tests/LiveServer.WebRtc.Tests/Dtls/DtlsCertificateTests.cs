using System.Text.RegularExpressions;
using LiveServer.WebRtc.Dtls;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.X509;

namespace LiveServer.WebRtc.Tests.Dtls;

public sealed partial class DtlsCertificateTests
{
    [Fact]
    public void Generate_Fingerprint_IsSdpSha256WithUpperCaseHexPairs()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate();

        string sdp = certificate.Fingerprint.ToSdpValue();

        Assert.Matches(SdpFingerprint(), sdp);
        Assert.Equal(32, certificate.Fingerprint.Value.Length);
        Assert.Equal(DtlsFingerprint.FromCertificate(certificate.DerEncoded.Span), certificate.Fingerprint);
    }

    [Fact]
    public void Generate_Certificate_IsSelfSignedEcdsaP256WithSha256()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate();

        X509Certificate parsed = new X509CertificateParser().ReadCertificate(certificate.DerEncoded.ToArray());

        Assert.Equal("1.2.840.10045.4.3.2", parsed.SigAlgOid); // ecdsa-with-SHA256 (RFC 5758 3.2)
        var key = Assert.IsType<ECPublicKeyParameters>(parsed.GetPublicKey());
        Assert.Equal(256, key.Parameters.Curve.FieldSize);
        Assert.Equal(parsed.IssuerDN, parsed.SubjectDN);
        parsed.Verify(parsed.GetPublicKey());
        Assert.True(parsed.SerialNumber.SignValue > 0);
    }

    [Fact]
    public void Generate_Validity_SpansThirtyDaysBackToOneYearAhead()
    {
        var now = new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero);

        DtlsCertificate certificate = DtlsCertificate.Generate(new FixedTimeProvider(now));

        Assert.Equal(now.AddDays(-30), certificate.NotBefore);
        Assert.Equal(now.AddDays(365), certificate.NotAfter);
    }

    [Fact]
    public void Generate_TwoCertificates_HaveDifferentKeysAndSerials()
    {
        X509Certificate a = new X509CertificateParser().ReadCertificate(DtlsCertificate.Generate().DerEncoded.ToArray());
        X509Certificate b = new X509CertificateParser().ReadCertificate(DtlsCertificate.Generate().DerEncoded.ToArray());

        Assert.NotEqual(a.SerialNumber, b.SerialNumber);
        Assert.NotEqual(a.GetPublicKey(), b.GetPublicKey());
    }

    [GeneratedRegex("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$")]
    private static partial Regex SdpFingerprint();

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
