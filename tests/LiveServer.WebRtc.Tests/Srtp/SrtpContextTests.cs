using LiveServer.WebRtc.Srtp;
using static LiveServer.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace LiveServer.WebRtc.Tests.Srtp;

/// <summary>Protect and unprotect behaviour of one direction's context, for both profiles.</summary>
public sealed class SrtpContextTests
{
    private const uint Ssrc = 0xCAFEBABE;

    public static TheoryData<SrtpProtectionProfile> Profiles => new()
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80,
        SrtpProtectionProfile.AeadAes128Gcm,
    };

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectThenUnprotectRtp_RoundTripsAndHidesPayload(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] plain = PlainRtp(1000, Ssrc, payloadLength: 1200);
            byte[] packet = Protect(sender, plain);

            Assert.Equal(plain.Length + (profile == SrtpProtectionProfile.AeadAes128Gcm ? 16 : 10), packet.Length);
            Assert.Equal(plain[..12], packet[..12]);
            Assert.NotEqual(plain[12..], packet[12..plain.Length]);
            Assert.True(receiver.TryUnprotectRtp(packet, out int length, out SrtpError error), error.ToString());
            Assert.Equal(plain, packet[..length]);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectThenUnprotectRtp_CsrcsAndExtension_StayClearAndRoundTrip(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] plain = PlainRtp(7, Ssrc, payloadLength: 33, csrcCount: 2, extensionWords: 3);
            byte[] packet = Protect(sender, plain);
            int header = 12 + 8 + 16;

            Assert.Equal(plain[..header], packet[..header]);
            Assert.True(receiver.TryUnprotectRtp(packet, out int length, out _));
            Assert.Equal(plain, packet[..length]);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectThenUnprotectRtcp_RoundTripsWithEncryptedFlag(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            for (int i = 0; i < 3; i++)
            {
                byte[] plain = PlainRtcp(Ssrc, (byte)i);
                byte[] packet = ProtectRtcp(sender, plain);

                Assert.Equal(plain.Length + sender.RtcpOverhead, packet.Length);
                Assert.Equal(plain[..8], packet[..8]);
                Assert.NotEqual(plain[8..], packet[8..plain.Length]);
                Assert.True(receiver.TryUnprotectRtcp(packet, out int length, out SrtpError error), error.ToString());
                Assert.Equal(plain, packet[..length]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void TryUnprotectRtp_SequenceWrapsPast65535_KeepsDecryptingAndCountsRollover(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            // Two wraps: 65000 -> 65535 -> 0 -> 65535 -> 0 -> ... (ROC 0, 1, 2).
            ushort sequence = 65000;
            for (int i = 0; i < 2 * 65536; i += 97)
            {
                byte[] plain = PlainRtp((ushort)(sequence + i), Ssrc, payloadLength: 20);
                byte[] packet = Protect(sender, plain);
                Assert.True(receiver.TryUnprotectRtp(packet, out int length, out SrtpError error), $"seq {(ushort)(sequence + i)}: {error}");
                Assert.Equal(plain, packet[..length]);
            }

            Assert.True(receiver.TryGetRolloverCounter(Ssrc, out uint roc));
            Assert.Equal(2u, roc);
            Assert.True(sender.TryGetRolloverCounter(Ssrc, out uint senderRoc));
            Assert.Equal(2u, senderRoc);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void TryUnprotectRtp_ReorderedAcrossWrap_UsesPreviousRollover(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] p65534 = Protect(sender, PlainRtp(65534, Ssrc));
            byte[] p65535 = Protect(sender, PlainRtp(65535, Ssrc));
            byte[] p0 = Protect(sender, PlainRtp(0, Ssrc));
            byte[] p1 = Protect(sender, PlainRtp(1, Ssrc));

            Assert.True(receiver.TryUnprotectRtp(p65534, out _, out _));
            Assert.True(receiver.TryUnprotectRtp(p0, out _, out _));      // ROC guessed 1
            Assert.True(receiver.TryUnprotectRtp(p65535, out _, out _));  // late: ROC guessed 0
            Assert.True(receiver.TryUnprotectRtp(p1, out _, out _));
            Assert.True(receiver.TryGetRolloverCounter(Ssrc, out uint roc));
            Assert.Equal(1u, roc);
        }
    }

    [Fact]
    public void TryUnprotectRtp_PacketFromSecondRolloverSeenFirst_FailsBecauseRocIsAuthenticated()
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(SrtpProtectionProfile.Aes128CmHmacSha1_80);
        using (sender)
        using (receiver)
        {
            Protect(sender, PlainRtp(65535, Ssrc));
            byte[] afterWrap = Protect(sender, PlainRtp(5, Ssrc)); // ROC 1 on the sender

            // A receiver that never saw the wrap guesses ROC 0, and the HMAC covers the ROC.
            Assert.False(receiver.TryUnprotectRtp(afterWrap, out _, out SrtpError error));
            Assert.Equal(SrtpError.AuthenticationFailed, error);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void TryUnprotectRtp_SamePacketTwice_SecondIsReplayed(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] packet = Protect(sender, PlainRtp(42, Ssrc));
            byte[] copy = (byte[])packet.Clone();

            Assert.True(receiver.TryUnprotectRtp(packet, out _, out _));
            Assert.False(receiver.TryUnprotectRtp(copy, out int length, out SrtpError error));
            Assert.Equal(SrtpError.Replayed, error);
            Assert.Equal(0, length);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void TryUnprotectRtcp_SamePacketTwice_SecondIsReplayed(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] packet = ProtectRtcp(sender, PlainRtcp(Ssrc));
            byte[] copy = (byte[])packet.Clone();

            Assert.True(receiver.TryUnprotectRtcp(packet, out _, out _));
            Assert.False(receiver.TryUnprotectRtcp(copy, out _, out SrtpError error));
            Assert.Equal(SrtpError.Replayed, error);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void TryUnprotectRtp_OutOfOrderWithinWindow_AcceptedOnce(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[][] packets = [.. Enumerable.Range(100, 70).Select(s => Protect(sender, PlainRtp((ushort)s, Ssrc)))];

            Assert.True(receiver.TryUnprotectRtp((byte[])packets[69].Clone(), out _, out _)); // seq 169
            Assert.True(receiver.TryUnprotectRtp((byte[])packets[10].Clone(), out _, out _)); // 59 behind
            Assert.False(receiver.TryUnprotectRtp((byte[])packets[10].Clone(), out _, out SrtpError again));
            Assert.Equal(SrtpError.Replayed, again);
            Assert.False(receiver.TryUnprotectRtp((byte[])packets[5].Clone(), out _, out SrtpError old)); // 64 behind
            Assert.Equal(SrtpError.TooOld, old);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void TryUnprotectRtp_TamperedPacket_RejectedWithoutMovingWindow(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] first = Protect(sender, PlainRtp(1000, Ssrc));
            byte[] genuine = Protect(sender, PlainRtp(1001, Ssrc));
            Assert.True(receiver.TryUnprotectRtp(first, out _, out _));

            // Forge a jump far ahead: if it moved the window, 1001 would then be too old.
            byte[] forged = (byte[])genuine.Clone();
            forged[2] = 0x13; // sequence 1001 -> 0x13E9
            Assert.False(receiver.TryUnprotectRtp(forged, out _, out SrtpError forgedError));
            Assert.Equal(SrtpError.AuthenticationFailed, forgedError);

            byte[] flipped = (byte[])genuine.Clone();
            flipped[20] ^= 0x04;
            Assert.False(receiver.TryUnprotectRtp(flipped, out _, out SrtpError flippedError));
            Assert.Equal(SrtpError.AuthenticationFailed, flippedError);

            Assert.True(receiver.TryUnprotectRtp(genuine, out _, out SrtpError error), error.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void TryUnprotectRtp_TamperedFirstPacket_CreatesNoStream(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] packet = Protect(sender, PlainRtp(1, Ssrc));
            packet[^1] ^= 0x80;

            Assert.False(receiver.TryUnprotectRtp(packet, out _, out SrtpError error));
            Assert.Equal(SrtpError.AuthenticationFailed, error);
            Assert.Equal(0, receiver.StreamCount);
            Assert.False(receiver.TryGetRolloverCounter(Ssrc, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void TryUnprotectRtcp_TamperedPacket_RejectedThenGenuineAccepted(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] genuine = ProtectRtcp(sender, PlainRtcp(Ssrc));
            byte[] tampered = (byte[])genuine.Clone();
            tampered[12] ^= 0x01;

            Assert.False(receiver.TryUnprotectRtcp(tampered, out _, out SrtpError error));
            Assert.Equal(SrtpError.AuthenticationFailed, error);
            Assert.True(receiver.TryUnprotectRtcp(genuine, out _, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void TryUnprotect_ShortOrNotVersion2_RefusedWithReason(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            Assert.False(receiver.TryUnprotectRtp(new byte[21], out _, out SrtpError shortRtp));
            Assert.Equal(SrtpError.TooShort, shortRtp);
            Assert.False(receiver.TryUnprotectRtcp(new byte[21], out _, out SrtpError shortRtcp));
            Assert.Equal(SrtpError.TooShort, shortRtcp);

            byte[] packet = Protect(sender, PlainRtp(1, Ssrc));
            packet[0] = 0x40; // version 1
            Assert.False(receiver.TryUnprotectRtp(packet, out _, out SrtpError version));
            Assert.Equal(SrtpError.Malformed, version);

            byte[] csrcs = Protect(sender, PlainRtp(2, Ssrc, payloadLength: 4));
            csrcs[0] = 0x8F; // 15 CSRCs: the header overruns the packet
            Assert.False(receiver.TryUnprotectRtp(csrcs, out _, out SrtpError overrun));
            Assert.Equal(SrtpError.Malformed, overrun);
        }
    }

    [Fact]
    public void TryUnprotectRtp_BeyondStreamLimit_RefusesNewSsrc()
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(SrtpProtectionProfile.Aes128CmHmacSha1_80, maxStreams: 2);
        using (sender)
        using (receiver)
        {
            Assert.True(receiver.TryUnprotectRtp(Protect(sender, PlainRtp(1, 1)), out _, out _));
            Assert.True(receiver.TryUnprotectRtp(Protect(sender, PlainRtp(1, 2)), out _, out _));

            Assert.False(receiver.TryUnprotectRtp(Protect(sender, PlainRtp(1, 3)), out _, out SrtpError error));
            Assert.Equal(SrtpError.TooManyStreams, error);
            Assert.True(receiver.TryUnprotectRtp(Protect(sender, PlainRtp(2, 1)), out _, out _));
        }
    }

    [Fact]
    public void TryUnprotectRtcp_AesCmTaggedOnly_VerifiesWithoutDecrypting()
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(SrtpProtectionProfile.Aes128CmHmacSha1_80);
        using (sender)
        using (receiver)
        {
            // E = 0, index 9: tag = HMAC-SHA1(rtcp auth key, packet || word), truncated to 80 bits.
            SrtpSessionKeys keys = SrtpSessionKeys.Derive(SrtpProtectionProfile.Aes128CmHmacSha1_80, MasterKey, MasterSalt);
            byte[] plain = PlainRtcp(Ssrc);
            byte[] authenticated = [.. plain, 0, 0, 0, 9];
#pragma warning disable CA5350 // RFC 3711 HMAC-SHA1.
            byte[] tag = System.Security.Cryptography.HMACSHA1.HashData(keys.RtcpAuthenticationKey.Span, authenticated)[..10];
#pragma warning restore CA5350
            byte[] packet = [.. authenticated, .. tag];

            Assert.True(receiver.TryUnprotectRtcp(packet, out int length, out SrtpError error), error.ToString());
            Assert.Equal(plain, packet[..length]);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectAndUnprotect_SteadyState_AllocateNothing(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] plain = PlainRtp(0, Ssrc, payloadLength: 1100);
            byte[] buffer = new byte[plain.Length + 32];
            byte[] rtcp = PlainRtcp(Ssrc);
            byte[] rtcpBuffer = new byte[rtcp.Length + 32];

            void RoundTrip(ushort sequence)
            {
                plain.CopyTo(buffer, 0);
                buffer[2] = (byte)(sequence >> 8);
                buffer[3] = (byte)sequence;
                int length = sender.ProtectRtp(buffer, plain.Length);
                Assert.True(receiver.TryUnprotectRtp(buffer.AsSpan(0, length), out _, out _));
                rtcp.CopyTo(rtcpBuffer, 0);
                length = sender.ProtectRtcp(rtcpBuffer, rtcp.Length);
                Assert.True(receiver.TryUnprotectRtcp(rtcpBuffer.AsSpan(0, length), out _, out _));
            }

            for (ushort s = 0; s < 200; s++)
            {
                RoundTrip(s);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (ushort s = 200; s < 1200; s++)
            {
                RoundTrip(s);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
