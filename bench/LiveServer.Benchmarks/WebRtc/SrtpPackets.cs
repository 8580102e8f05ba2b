using System.Buffers.Binary;
using LiveServer.WebRtc.Srtp;

namespace LiveServer.Benchmarks.WebRtc;

/// <summary>
/// A batch of 1200-byte RTP packets (12-byte header, 1188-byte payload) with increasing sequence
/// numbers, protected once by a sender context. Unprotecting them in order with a fresh receiver
/// context per batch never trips the replay window.
/// </summary>
internal sealed class SrtpPackets
{
    public const int RtpLength = 1200;
    public const int Count = 512;
    public const uint Ssrc = 0x1234_5678;

    public SrtpPackets(SrtpProtectionProfile profile)
    {
        Profile = profile;
        var random = new Random(42);
        var masterKey = new byte[16];
        var masterSalt = new byte[SrtpKeyingMaterial.GetLength(profile) / 2 - 16];
        random.NextBytes(masterKey);
        random.NextBytes(masterSalt);
        Keys = SrtpSessionKeys.Derive(profile, masterKey, masterSalt);
        using var sender = new SrtpContext(profile, Keys);
        Protected = new byte[Count][];
        Plain = new byte[Count][];
        for (var i = 0; i < Count; i++)
        {
            var buffer = new byte[RtpLength + 32];
            buffer[0] = 0x80;
            buffer[1] = 96;
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)(i + 1));
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), (uint)(i / 10 * 3000));
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), Ssrc);
            random.NextBytes(buffer.AsSpan(12, RtpLength - 12));
            Plain[i] = buffer.AsSpan(0, RtpLength).ToArray();
            var length = sender.ProtectRtp(buffer, RtpLength);
            Protected[i] = buffer.AsSpan(0, length).ToArray();
        }
    }

    public SrtpProtectionProfile Profile { get; }

    public SrtpSessionKeys Keys { get; }

    /// <summary>The SRTP packets (RTP packet plus tag).</summary>
    public byte[][] Protected { get; }

    /// <summary>The RTP packets before protection, to check the baselines decrypt correctly.</summary>
    public byte[][] Plain { get; }

    public static ushort SequenceOf(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
}
