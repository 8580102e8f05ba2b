using System.Security.Cryptography;
using LiveServer.TestKit.WebRtc;
using LiveServer.WebRtc.Dtls;

namespace LiveServer.WebRtc.Tests.Dtls;

public sealed class DtlsFingerprintTests
{
    private const string SampleHex =
        "19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2";

    [Fact]
    public void Parse_SdpValue_RoundTripsToUpperCaseHexPairs()
    {
        DtlsFingerprint fingerprint = DtlsFingerprint.Parse("sha-256 " + SampleHex);

        Assert.Equal(SampleHex, fingerprint.HexValue);
        Assert.Equal("sha-256 " + SampleHex, fingerprint.ToSdpValue());
        Assert.Equal(0x19, fingerprint.Value.Span[0]);
        Assert.Equal(0xA2, fingerprint.Value.Span[31]);
    }

    [Fact]
    public void TryParse_LowerCaseAndExtraWhitespace_Accepted()
    {
        Assert.True(DtlsFingerprint.TryParse("  SHA-256   " + SampleHex.ToLowerInvariant() + " \r\n", out DtlsFingerprint? fingerprint));

        Assert.Equal(DtlsFingerprint.Parse("sha-256 " + SampleHex), fingerprint);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("sha-1 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70")]
    [InlineData("sha-256 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88")]
    [InlineData("sha-256 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2:00")]
    [InlineData("sha-256 19-E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2")]
    [InlineData("sha-256 ZZ:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2")]
    [InlineData("sha-512 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2")]
    public void TryParse_Malformed_ReturnsFalse(string? value)
    {
        Assert.False(DtlsFingerprint.TryParse(value, out DtlsFingerprint? fingerprint));
        Assert.Null(fingerprint);
    }

    [Fact]
    public void Parse_Malformed_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => DtlsFingerprint.Parse("sha-256 nope"));
    }

    [Fact]
    public void FromCertificate_IsSha256OfDer()
    {
        byte[] der = TestClientIdentity.Shared.DerCertificate;

        DtlsFingerprint fingerprint = DtlsFingerprint.FromCertificate(der);

        Assert.Equal(SHA256.HashData(der), fingerprint.Value.ToArray());
    }

    [Fact]
    public void Equals_SameBytes_EqualAndSameHash_DifferentBytes_NotEqual()
    {
        DtlsFingerprint a = DtlsFingerprint.Parse("sha-256 " + SampleHex);
        DtlsFingerprint b = DtlsFingerprint.FromSha256(a.Value.Span);
        DtlsFingerprint c = DtlsFingerprint.FromSha256(new byte[32]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.False(a.Equals(null));
    }

    [Fact]
    public void FromSha256_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => DtlsFingerprint.FromSha256(new byte[20]));
    }
}
