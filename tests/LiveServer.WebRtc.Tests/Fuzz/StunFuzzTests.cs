using System.Buffers.Binary;
using System.Net;
using LiveServer.WebRtc.Stun;
using Xunit.Abstractions;
using static LiveServer.WebRtc.Tests.Stun.StunMessageTests;

namespace LiveServer.WebRtc.Tests.Fuzz;

/// <summary>
/// Hostile datagrams against the STUN parser: random bytes, truncations, bit flips and random
/// attribute soup behind a valid header. Fixed seed, so a failure reproduces.
/// </summary>
public sealed class StunFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 200_000;
    private const int Seed = 5769;

    private static readonly ushort[] AttributeTypes =
    [
        0x0001, 0x0006, 0x0008, 0x0009, 0x0014, 0x0015, 0x0020, 0x0024, 0x0025,
        0x8022, 0x8028, 0x8029, 0x802A, 0x7F00, 0xC057, 0x0000, 0xFFFF,
    ];

    [Fact]
    public void TryParse_HostileDatagrams_NeverThrowAndEveryCaseParsesOrIsRefused()
    {
        var random = new Random(Seed);
        byte[][] seeds = [Rfc5769.SampleRequest, Rfc5769.Ipv4Response, Rfc5769.Ipv6Response, Rfc5769.LongTermRequest, ErrorResponse(), IceRequest()];
        byte[] buffer = new byte[1024];
        int parsed = 0;
        int refused = 0;
        int[] reasons = new int[Enum.GetValues<StunParseError>().Length];

        for (int i = 0; i < Cases; i++)
        {
            int length = (i % 4) switch
            {
                0 => RandomBytes(random, buffer),
                1 => Truncated(random, seeds[random.Next(seeds.Length)], buffer),
                2 => BitFlipped(random, seeds[random.Next(seeds.Length)], buffer),
                _ => AttributeSoup(random, buffer),
            };
            ReadOnlySpan<byte> datagram = buffer.AsSpan(0, length);

            _ = StunMessage.IsStun(datagram);
            if (StunMessage.TryParse(datagram, out StunMessage message, out StunParseError error))
            {
                parsed++;
                Exercise(message, length);
            }
            else
            {
                refused++;
                reasons[(int)error]++;
            }
        }

        output.WriteLine($"parsed {parsed}, refused {refused}: " + string.Join(", ", Enum.GetValues<StunParseError>().Select(r => $"{r} {reasons[(int)r]}")));
        Assert.Equal(Cases, parsed + refused);
        Assert.Equal(0, reasons[(int)StunParseError.None]);
        Assert.True(refused > 0);
        Assert.True(parsed > 0);
        Assert.All(
            new[] { StunParseError.TooShort, StunParseError.NotStun, StunParseError.BadMagicCookie, StunParseError.BadLength, StunParseError.TruncatedAttribute, StunParseError.InvalidAttribute, StunParseError.AttributeAfterFingerprint },
            reason => Assert.True(reasons[(int)reason] > 0, $"no case was refused as {reason}"));
    }

    // Every accessor must be safe on whatever the parser accepted.
    private static void Exercise(StunMessage message, int length)
    {
        Assert.Equal(length, message.Raw.Length);
        _ = message.Method;
        _ = message.Class;
        _ = message.TransactionId.Length;
        _ = message.Username.Length;
        _ = message.Priority;
        _ = message.UseCandidate;
        _ = message.IceControlling;
        _ = message.IceControlled;
        _ = message.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBt"u8);
        _ = message.VerifyFingerprint();
        _ = message.TryGetXorMappedAddress(out _);
        _ = message.TryGetErrorCode(out _, out _);
        _ = message.TryGetUfrags(out _, out _);
        _ = message.TryGetAttribute(StunAttributeType.Software, out _);
        _ = message.TryGetAttribute((StunAttributeType)0xFFFF, out _);
    }

    private static int RandomBytes(Random random, byte[] buffer)
    {
        int length = random.Next(0, 129);
        random.NextBytes(buffer.AsSpan(0, length));
        if (length >= 8 && random.Next(2) == 0)
        {
            buffer[0] &= 0x03; // look like STUN to the first checks
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), StunMessage.MagicCookie);
        }

        return length;
    }

    private static int Truncated(Random random, byte[] seed, byte[] buffer)
    {
        seed.CopyTo(buffer, 0);
        int length = random.Next(0, seed.Length);
        if (length >= 20 && random.Next(2) == 0)
        {
            // Keep the header consistent so the cut lands inside the attribute walk.
            length &= ~3;
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)(length - 20));
        }

        return length;
    }

    private static int BitFlipped(Random random, byte[] seed, byte[] buffer)
    {
        seed.CopyTo(buffer, 0);
        int flips = random.Next(1, 5);
        for (int f = 0; f < flips; f++)
        {
            buffer[random.Next(seed.Length)] ^= (byte)(1 << random.Next(8));
        }

        return seed.Length;
    }

    // A valid header followed by random attributes: sizes sometimes right, sometimes not.
    private static int AttributeSoup(Random random, byte[] buffer)
    {
        int offset = 20;
        int count = random.Next(0, 8);
        for (int a = 0; a < count && offset < 900; a++)
        {
            ushort type = AttributeTypes[random.Next(AttributeTypes.Length)];
            int valueLength = random.Next(4) switch
            {
                0 => 0,
                1 => 4,
                2 => 8,
                _ => random.Next(0, 30),
            };
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset), type);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset + 2), (ushort)valueLength);
            random.NextBytes(buffer.AsSpan(offset + 4, (valueLength + 3) & ~3));
            if (type == 0x0020 && valueLength >= 2)
            {
                buffer[offset + 5] = (byte)random.Next(0, 3);
            }

            offset += 4 + ((valueLength + 3) & ~3);
        }

        buffer[0] = 0x00;
        buffer[1] = 0x01;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)(offset - 20));
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), StunMessage.MagicCookie);
        random.NextBytes(buffer.AsSpan(8, 12));
        return offset;
    }

    private static byte[] ErrorResponse()
    {
        byte[] buffer = new byte[StunBindingResponse.MaxLength];
        int length = StunBindingResponse.WriteError(buffer, new byte[12], StunErrorCode.RoleConflict, "pw"u8);
        return buffer[..length];
    }

    private static byte[] IceRequest()
    {
        byte[] buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, new byte[12]);
        writer.AddUsername("local:remote");
        writer.AddPriority(1);
        writer.AddUseCandidate();
        writer.AddIceControlling(2);
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.IPv6Loopback, 9));
        writer.AddErrorCode(420, "x");
        writer.AddMessageIntegrity("pw"u8);
        writer.AddFingerprint();
        return buffer[..writer.Length];
    }
}
