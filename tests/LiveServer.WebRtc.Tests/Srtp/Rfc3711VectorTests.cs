using LiveServer.WebRtc.Srtp;

namespace LiveServer.WebRtc.Tests.Srtp;

/// <summary>RFC 3711 appendix B.2 (AES-CM keystream) and B.3 (key derivation), exactly.</summary>
public sealed class Rfc3711VectorTests
{
    [Fact]
    public void WriteIv_AppendixB2_IsTheShiftedSalt()
    {
        Span<byte> iv = stackalloc byte[16];

        AesCmCipher.WriteIv(Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"), ssrc: 0, index: 0, iv);

        Assert.Equal(Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), iv.ToArray());
    }

    [Fact]
    public void Apply_AppendixB2_KeystreamSegmentMatchesBothEnds()
    {
        // Keystream segment length: 1044512 octets (65282 AES blocks).
        using var cipher = new AesCmCipher(Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C"));
        byte[] keystream = new byte[1044512];

        cipher.Apply(Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), keystream);

        Assert.Equal("E03EAD0935C95E80E166B16DD92B4EB4", Block(keystream, 0x0000));
        Assert.Equal("D23513162B02D0F72A43A2FE4A5F97AB", Block(keystream, 0x0001));
        Assert.Equal("41E95B3BB0A2E8DD477901E4FCA894C0", Block(keystream, 0x0002));
        Assert.Equal("EC8CDF7398607CB0F2D21675EA9EA1E4", Block(keystream, 0xFEFF));
        Assert.Equal("362B7C3C6773516318A077D7FC5073AE", Block(keystream, 0xFF00));
        Assert.Equal("6A2CC3787889374FBEB4C81B17BA6C44", Block(keystream, 0xFF01));
    }

    [Fact]
    public void Apply_Twice_RestoresData()
    {
        using var cipher = new AesCmCipher(new byte[16]);
        byte[] iv = new byte[16];
        byte[] data = [.. Enumerable.Range(0, 1500).Select(i => (byte)i)];
        byte[] original = (byte[])data.Clone();

        cipher.Apply(iv, data);
        Assert.NotEqual(original, data);
        cipher.Apply(iv, data);

        Assert.Equal(original, data);
    }

    [Theory]
    [InlineData(SrtpKeyLabel.RtpEncryption, "C61E7A93744F39EE10734AFE3FF7A087")]
    [InlineData(SrtpKeyLabel.RtpSalt, "30CBBC08863D8C85D49DB34A9AE1")]
    [InlineData(
        SrtpKeyLabel.RtpAuthentication,
        "CEBE321F6FF7716B6FD4AB49AF256A15" + "6D38BAA48F0A0ACF3C34E2359E6CDBCE" + "E049646C43D9327AD175578EF7227098" +
        "6371C10C9A369AC2F94A8C5FBCDDDC25" + "6D6E919A48B610EF17C2041E47403576" + "6B68642C59BBFC2F34DB60DBDFB2")]
    public void DeriveKey_AppendixB3_MatchesVector(SrtpKeyLabel label, string expected)
    {
        byte[] output = new byte[expected.Length / 2]; // the auth key example is 94 octets

        SrtpKeyDerivation.DeriveKey(MasterKey, MasterSalt, label, output);

        Assert.Equal(expected, Convert.ToHexString(output));
    }

    [Fact]
    public void Derive_AppendixB3_SessionKeysAreTheVectorsPrefixes()
    {
        SrtpSessionKeys keys = SrtpSessionKeys.Derive(SrtpProtectionProfile.Aes128CmHmacSha1_80, MasterKey, MasterSalt);

        Assert.Equal("C61E7A93744F39EE10734AFE3FF7A087", Convert.ToHexString(keys.RtpCipherKey.Span));
        Assert.Equal("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4", Convert.ToHexString(keys.RtpAuthenticationKey.Span));
        Assert.Equal("30CBBC08863D8C85D49DB34A9AE1", Convert.ToHexString(keys.RtpSalt.Span));
        Assert.NotEqual(keys.RtpCipherKey.ToArray(), keys.RtcpCipherKey.ToArray());
        Assert.Equal(14, keys.RtcpSalt.Length);
        Assert.Equal(20, keys.RtcpAuthenticationKey.Length);
    }

    [Fact]
    public void Derive_GcmProfile_HasTwelveByteSaltsAndNoAuthenticationKeys()
    {
        SrtpSessionKeys keys = SrtpSessionKeys.Derive(SrtpProtectionProfile.AeadAes128Gcm, MasterKey, MasterSalt.AsSpan(0, 12));

        Assert.Equal(16, keys.RtpCipherKey.Length);
        Assert.Equal(12, keys.RtpSalt.Length);
        Assert.True(keys.RtpAuthenticationKey.IsEmpty);
        Assert.True(keys.RtcpAuthenticationKey.IsEmpty);
    }

    private static readonly byte[] MasterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] MasterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");

    private static string Block(byte[] keystream, int block) => Convert.ToHexString(keystream, block * 16, 16);
}
