using LiveServer.WebRtc.Srtp;
using static LiveServer.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace LiveServer.WebRtc.Tests.Srtp;

/// <summary>RFC 5764 section 4.2: splitting the exported block by role.</summary>
public sealed class SrtpKeyingMaterialTests
{
    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80, 60)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, 56)]
    public void GetLength_Profile_IsTwiceKeyPlusSalt(SrtpProtectionProfile profile, int expected) =>
        Assert.Equal(expected, SrtpKeyingMaterial.GetLength(profile));

    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm)]
    public void CreateContexts_ClientAndServer_EachReadsWhatTheOtherWrites(SrtpProtectionProfile profile)
    {
        byte[] material = [.. Enumerable.Range(1, SrtpKeyingMaterial.GetLength(profile)).Select(i => (byte)(i * 7))];
        (SrtpContext clientLocal, SrtpContext clientRemote) = SrtpKeyingMaterial.CreateContexts(profile, material, DtlsSrtpRole.Client);
        (SrtpContext serverLocal, SrtpContext serverRemote) = SrtpKeyingMaterial.CreateContexts(profile, material, DtlsSrtpRole.Server);
        using (clientLocal)
        using (clientRemote)
        using (serverLocal)
        using (serverRemote)
        {
            byte[] fromClient = Protect(clientLocal, PlainRtp(1, 11));
            byte[] fromServer = ProtectRtcp(serverLocal, PlainRtcp(22));

            Assert.True(serverRemote.TryUnprotectRtp((byte[])fromClient.Clone(), out _, out _));
            Assert.True(clientRemote.TryUnprotectRtcp((byte[])fromServer.Clone(), out _, out _));

            // Keys are directional: a packet does not verify with its sender's own read keys.
            Assert.False(clientRemote.TryUnprotectRtp(fromClient, out _, out SrtpError error));
            Assert.Equal(SrtpError.AuthenticationFailed, error);
        }
    }

    [Fact]
    public void CreateContexts_ServerRole_UsesServerWriteKeyForLocal()
    {
        const SrtpProtectionProfile profile = SrtpProtectionProfile.Aes128CmHmacSha1_80;
        byte[] clientKey = [.. Enumerable.Repeat((byte)0x11, 16)];
        byte[] serverKey = [.. Enumerable.Repeat((byte)0x22, 16)];
        byte[] clientSalt = [.. Enumerable.Repeat((byte)0x33, 14)];
        byte[] serverSalt = [.. Enumerable.Repeat((byte)0x44, 14)];
        byte[] material = [.. clientKey, .. serverKey, .. clientSalt, .. serverSalt];

        (SrtpContext local, SrtpContext remote) = SrtpKeyingMaterial.CreateContexts(profile, material, DtlsSrtpRole.Server);
        using var expectedLocal = new SrtpContext(profile, serverKey, serverSalt);
        using var expectedRemoteSender = new SrtpContext(profile, clientKey, clientSalt);
        using (local)
        using (remote)
        {
            Assert.Equal(Protect(expectedLocal, PlainRtp(5, 9)), Protect(local, PlainRtp(5, 9)));
            Assert.True(remote.TryUnprotectRtp(Protect(expectedRemoteSender, PlainRtp(5, 9)), out _, out _));
        }
    }

    [Fact]
    public void CreateContexts_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() =>
            SrtpKeyingMaterial.CreateContexts(SrtpProtectionProfile.AeadAes128Gcm, new byte[60], DtlsSrtpRole.Server));
}
