using LiveServer.TestKit.WebRtc;
using LiveServer.WebRtc.Dtls;

namespace LiveServer.WebRtc.Tests.Dtls;

public sealed class DtlsHandshakeResultTests
{
    [Fact]
    public void Constructor_AesCm_SplitsClientKeyServerKeyClientSaltServerSalt()
    {
        byte[] material = Enumerable.Range(0, 60).Select(i => (byte)i).ToArray();

        var result = new DtlsHandshakeResult(DtlsSrtpProfile.Aes128CmHmacSha1Tag80, material, TestClientIdentity.Shared.Fingerprint, 0xC02B);

        Assert.Equal(Enumerable.Range(0, 16).Select(i => (byte)i), result.ClientMasterKey.ToArray());
        Assert.Equal(Enumerable.Range(16, 16).Select(i => (byte)i), result.ServerMasterKey.ToArray());
        Assert.Equal(Enumerable.Range(32, 14).Select(i => (byte)i), result.ClientMasterSalt.ToArray());
        Assert.Equal(Enumerable.Range(46, 14).Select(i => (byte)i), result.ServerMasterSalt.ToArray());
    }

    [Fact]
    public void Constructor_Gcm_UsesTwelveByteSalts()
    {
        byte[] material = Enumerable.Range(0, 56).Select(i => (byte)i).ToArray();

        var result = new DtlsHandshakeResult(DtlsSrtpProfile.AeadAes128Gcm, material, TestClientIdentity.Shared.Fingerprint, 0xC02B);

        Assert.Equal(Enumerable.Range(32, 12).Select(i => (byte)i), result.ClientMasterSalt.ToArray());
        Assert.Equal(Enumerable.Range(44, 12).Select(i => (byte)i), result.ServerMasterSalt.ToArray());
    }

    [Fact]
    public void Constructor_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            new DtlsHandshakeResult(DtlsSrtpProfile.AeadAes128Gcm, new byte[60], TestClientIdentity.Shared.Fingerprint, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new DtlsHandshakeResult(0x0002, new byte[60], TestClientIdentity.Shared.Fingerprint, 0));
    }

    [Theory]
    [InlineData(DtlsSrtpProfile.AeadAes128Gcm, 16, 12, 56, "SRTP_AEAD_AES_128_GCM")]
    [InlineData(DtlsSrtpProfile.Aes128CmHmacSha1Tag80, 16, 14, 60, "SRTP_AES128_CM_HMAC_SHA1_80")]
    public void DtlsSrtpProfile_Lengths_MatchRfc5764AndRfc7714(ushort profile, int key, int salt, int total, string name)
    {
        Assert.Equal(key, DtlsSrtpProfile.GetMasterKeyLength(profile));
        Assert.Equal(salt, DtlsSrtpProfile.GetMasterSaltLength(profile));
        Assert.Equal(total, DtlsSrtpProfile.GetKeyingMaterialLength(profile));
        Assert.Equal(name, DtlsSrtpProfile.GetName(profile));
    }
}
