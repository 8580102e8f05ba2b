using System.Security.Cryptography;
using LiveServer.WebRtc.Srtp;

namespace LiveServer.WebRtc.Tests.Srtp;

/// <summary>
/// RFC 7714 sections 16 (SRTP) and 17 (SRTCP) AEAD_AES_128_GCM vectors. The RFC gives session
/// keys, not master keys, so the context is built from them directly.
/// </summary>
public sealed class Rfc7714VectorTests
{
    private const uint RtcpSsrc = 0x4d617273; // "Mars"

    private static readonly byte[] Key = Hex("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] Salt = Hex("517569642070726f2071756f"); // "Quid pro quo"

    // Section 16: "Gallia est omnis divisa in partes tres" behind a 12-byte header.
    private static readonly byte[] RtpPlain = Hex(
        "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573");

    private static readonly byte[] RtpProtected = Hex(
        "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf" +
        "8833899d 7f27beb1 6a9152cf 765ee439 0cce");

    // Section 17: an RTCP packet with SRTCP index 0x000005d4.
    private static readonly byte[] RtcpPlain = Hex(
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef");

    private static readonly byte[] RtcpProtected = Hex(
        "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded" +
        "0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4");

    [Fact]
    public void ProtectRtp_Section16_1_1_ProducesPublishedPacket()
    {
        using SrtpContext sender = CreateContext();
        byte[] buffer = new byte[RtpPlain.Length + sender.RtpOverhead];
        RtpPlain.CopyTo(buffer, 0);

        int length = sender.ProtectRtp(buffer, RtpPlain.Length);

        Assert.Equal(Convert.ToHexString(RtpProtected), Convert.ToHexString(buffer, 0, length));
    }

    [Fact]
    public void TryUnprotectRtp_Section16_1_2_RecoversPublishedPlaintext()
    {
        using SrtpContext receiver = CreateContext();
        byte[] packet = (byte[])RtpProtected.Clone();

        Assert.True(receiver.TryUnprotectRtp(packet, out int length, out SrtpError error), error.ToString());

        Assert.Equal(Convert.ToHexString(RtpPlain), Convert.ToHexString(packet, 0, length));
    }

    [Fact]
    public void ProtectRtcp_Section17_1_ProducesPublishedPacketAtIndex5d4()
    {
        using SrtpContext sender = CreateContext();
        byte[] buffer = new byte[RtcpPlain.Length + sender.RtcpOverhead];

        // The sender's SRTCP index is its own state, starting at 0: send 0x5d4 packets first.
        for (int i = 0; i < 0x5d4; i++)
        {
            RtcpPlain.CopyTo(buffer, 0);
            sender.ProtectRtcp(buffer, RtcpPlain.Length);
        }

        RtcpPlain.CopyTo(buffer, 0);
        int length = sender.ProtectRtcp(buffer, RtcpPlain.Length);

        Assert.Equal(Convert.ToHexString(RtcpProtected), Convert.ToHexString(buffer, 0, length));
    }

    [Fact]
    public void TryUnprotectRtcp_Section17_2_RecoversPublishedPlaintext()
    {
        using SrtpContext receiver = CreateContext();
        byte[] packet = (byte[])RtcpProtected.Clone();

        Assert.True(receiver.TryUnprotectRtcp(packet, out int length, out SrtpError error), error.ToString());

        Assert.Equal(Convert.ToHexString(RtcpPlain), Convert.ToHexString(packet, 0, length));
    }

    [Fact]
    public void TryUnprotectRtcp_AlteredIndexWord_FailsAuthentication()
    {
        using SrtpContext receiver = CreateContext();
        byte[] packet = (byte[])RtcpProtected.Clone();
        packet[^1] ^= 0x01; // the index is in the AAD and the IV

        Assert.False(receiver.TryUnprotectRtcp(packet, out _, out SrtpError error));
        Assert.Equal(SrtpError.AuthenticationFailed, error);
    }

    // Tagging only (E = 0, RFC 7714 section 9.3): the AAD is the whole RTCP packet followed by
    // the E||index word. The tag is computed here independently with AesGcm over that AAD.
    [Fact]
    public void TryUnprotectRtcp_TaggedOnly_VerifiesAndLeavesPayloadClear()
    {
        using SrtpContext receiver = CreateContext();
        byte[] word = Hex("000005d4");
        byte[] iv = Hex("517524055203726f207170bb"); // section 17's IV for SSRC "Mars", index 0x5d4
        byte[] tag = new byte[16];
        using (var gcm = new AesGcm(Key, 16))
        {
            byte[] aad = [.. RtcpPlain, .. word];
            gcm.Encrypt(iv, Array.Empty<byte>(), Array.Empty<byte>(), tag, aad);
        }

        byte[] packet = [.. RtcpPlain, .. tag, .. word];

        Assert.True(receiver.TryUnprotectRtcp(packet, out int length, out SrtpError error), error.ToString());
        Assert.Equal(Convert.ToHexString(RtcpPlain), Convert.ToHexString(packet, 0, length));
        Assert.Equal(RtcpSsrc, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4)));
    }

    private static SrtpContext CreateContext() =>
        new(SrtpProtectionProfile.AeadAes128Gcm, new SrtpSessionKeys(Key, [], Salt, Key, [], Salt));

    private static byte[] Hex(string spaced) => Convert.FromHexString(spaced.Replace(" ", "", StringComparison.Ordinal));
}
