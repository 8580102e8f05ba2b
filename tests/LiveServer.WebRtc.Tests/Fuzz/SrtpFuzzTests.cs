using System.Buffers.Binary;
using LiveServer.WebRtc.Srtp;
using Xunit.Abstractions;
using static LiveServer.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace LiveServer.WebRtc.Tests.Fuzz;

/// <summary>
/// Hostile packets against SRTP and SRTCP unprotect, with a fixed seed. Every block of cases
/// protects one genuine packet ahead of the receiver's window, throws random bytes, truncations
/// and bit flips of it at the receiver (so they reach authentication rather than the replay
/// check), replays older packets, and then delivers the genuine one, which must be accepted.
/// Nothing else may be.
/// </summary>
public sealed class SrtpFuzzTests(ITestOutputHelper output)
{
    private const int CasesPerProfile = 100_000; // 200,000 per protocol over the two profiles
    private const int BlockLength = 25;
    private const uint Ssrc = 0x1234ABCD;

    public static TheoryData<SrtpProtectionProfile> Profiles => new()
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80,
        SrtpProtectionProfile.AeadAes128Gcm,
    };

    [Theory]
    [MemberData(nameof(Profiles))]
    public void TryUnprotectRtp_HostilePackets_NeverThrowAndOnlyGenuineAccepted(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var random = new Random(3711);
            ushort sequence = 60000; // wraps during the run
            byte[] oldest = Protect(sender, PlainRtp(sequence++, Ssrc));
            byte[] previous = oldest;
            byte[] current = oldest;
            var outcome = new Outcome();
            byte[] buffer = new byte[2048];
            for (int i = 0; i < CasesPerProfile; i++)
            {
                if (i % BlockLength == 0)
                {
                    Assert.True(receiver.TryUnprotectRtp((byte[])current.Clone(), out _, out SrtpError genuine), genuine.ToString());
                    outcome.Genuine++;
                    previous = current;
                    current = Protect(sender, PlainRtp(sequence++, Ssrc, random.Next(0, 1200), csrcCount: i % 3, extensionWords: (i % 4) - 1));
                    continue;
                }

                int length = Mutate(random, current, previous, oldest, buffer, i, ssrcOffset: 8);
                if (receiver.TryUnprotectRtp(buffer.AsSpan(0, length), out _, out SrtpError error))
                {
                    outcome.Accepted++;
                }
                else
                {
                    outcome.Refuse(error);
                }
            }

            output.WriteLine(outcome.ToString());
            outcome.AssertEveryCaseCounted(CasesPerProfile);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void TryUnprotectRtcp_HostilePackets_NeverThrowAndOnlyGenuineAccepted(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var random = new Random(7714);
            byte[] oldest = ProtectRtcp(sender, PlainRtcp(Ssrc));
            byte[] previous = oldest;
            byte[] current = oldest;
            var outcome = new Outcome();
            byte[] buffer = new byte[2048];
            for (int i = 0; i < CasesPerProfile; i++)
            {
                if (i % BlockLength == 0)
                {
                    Assert.True(receiver.TryUnprotectRtcp((byte[])current.Clone(), out _, out SrtpError genuine), genuine.ToString());
                    outcome.Genuine++;
                    previous = current;
                    current = ProtectRtcp(sender, PlainRtcp(Ssrc, (byte)i));
                    continue;
                }

                int length = Mutate(random, current, previous, oldest, buffer, i, ssrcOffset: 4);
                if (receiver.TryUnprotectRtcp(buffer.AsSpan(0, length), out _, out SrtpError error))
                {
                    outcome.Accepted++;
                }
                else
                {
                    outcome.Refuse(error);
                }
            }

            output.WriteLine(outcome.ToString());
            outcome.AssertEveryCaseCounted(CasesPerProfile);
        }
    }

    private static int Mutate(Random random, byte[] current, byte[] previous, byte[] oldest, byte[] buffer, int i, int ssrcOffset)
    {
        switch (i % 4)
        {
            case 0:
                // Random bytes, half of them dressed as version 2 from the known SSRC.
                int length = random.Next(0, 200);
                random.NextBytes(buffer.AsSpan(0, length));
                if (length >= 12 && random.Next(2) == 0)
                {
                    buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
                    BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(ssrcOffset), Ssrc);
                }

                return length;
            case 1:
                current.CopyTo(buffer, 0);
                return random.Next(0, current.Length);
            case 2:
                current.CopyTo(buffer, 0);
                int flips = random.Next(1, 4);
                for (int f = 0; f < flips; f++)
                {
                    buffer[random.Next(current.Length)] ^= (byte)(1 << random.Next(8));
                }

                if (buffer.AsSpan(0, current.Length).SequenceEqual(current))
                {
                    buffer[random.Next(current.Length)] ^= 0x01; // two flips cancelled out
                }

                return current.Length;
            default:
                byte[] replay = random.Next(2) == 0 ? previous : oldest;
                replay.CopyTo(buffer, 0);
                return replay.Length;
        }
    }

    private sealed class Outcome
    {
        private readonly int[] _refusals = new int[Enum.GetValues<SrtpError>().Length];

        public int Genuine { get; set; }

        public int Accepted { get; set; }

        public int Refused { get; private set; }

        public void Refuse(SrtpError error)
        {
            Assert.NotEqual(SrtpError.None, error);
            _refusals[(int)error]++;
            Refused++;
        }

        public override string ToString() =>
            $"genuine {Genuine}, other accepted {Accepted}, refused {Refused}: "
            + string.Join(", ", Enum.GetValues<SrtpError>().Select(e => $"{e} {_refusals[(int)e]}"));

        public void AssertEveryCaseCounted(int cases)
        {
            Assert.Equal(cases, Genuine + Accepted + Refused);
            Assert.Equal(0, Accepted);
            Assert.True(Refused > 0);
            Assert.True(_refusals[(int)SrtpError.AuthenticationFailed] > cases / 5);
            Assert.True(_refusals[(int)SrtpError.TooShort] > 0);
            Assert.True(_refusals[(int)SrtpError.Malformed] > 0);
            Assert.True(_refusals[(int)SrtpError.Replayed] > 0);
            Assert.True(_refusals[(int)SrtpError.TooOld] > 0);
        }
    }
}
