using System.Net;
using System.Security.Cryptography;
using System.Text;
using LiveServer.WebRtc.Stun;

namespace LiveServer.WebRtc.Tests.Stun;

/// <summary>Parsing and verification against the RFC 5769 test vectors, and hostile framing.</summary>
public sealed class StunMessageTests
{
    private static readonly byte[] Password = Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBt");

    [Fact]
    public void TryParse_Rfc5769SampleRequest_DecodesEveryIceAttribute()
    {
        byte[] datagram = Rfc5769.SampleRequest;

        Assert.True(StunMessage.TryParse(datagram, out StunMessage message, out StunParseError error));
        Assert.Equal(StunParseError.None, error);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(StunClass.Request, message.Class);
        Assert.Equal(Convert.FromHexString("b7e7a701bc34d686fa87dfae"), message.TransactionId.ToArray());
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(message.Username));
        Assert.Equal(0x6e0001ffu, message.Priority);
        Assert.Equal(0x932ff9b151263b36ul, message.IceControlled);
        Assert.Null(message.IceControlling);
        Assert.False(message.UseCandidate);
        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out ReadOnlySpan<byte> software));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(software));
        Assert.Equal(0, message.UnknownComprehensionRequiredCount);
    }

    [Fact]
    public void VerifyMessageIntegrity_Rfc5769SampleRequest_AcceptsPasswordOnly()
    {
        Assert.True(StunMessage.TryParse(Rfc5769.SampleRequest, out StunMessage message, out _));

        Assert.True(message.VerifyMessageIntegrity(Password));
        Assert.False(message.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBu"u8));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void TryGetLocalUfrag_Rfc5769SampleRequest_ReturnsPartBeforeColon()
    {
        Assert.True(StunMessage.TryParse(Rfc5769.SampleRequest, out StunMessage message, out _));

        Assert.True(message.TryGetLocalUfrag(out ReadOnlySpan<byte> local));
        Assert.Equal("evtj", Encoding.UTF8.GetString(local));
        Assert.True(message.TryGetUfrags(out _, out ReadOnlySpan<byte> remote));
        Assert.Equal("h6vY", Encoding.UTF8.GetString(remote));
    }

    [Fact]
    public void TryParse_Rfc5769Ipv4Response_DecodesXorMappedAddressAndVerifies()
    {
        Assert.True(StunMessage.TryParse(Rfc5769.Ipv4Response, out StunMessage message, out _));

        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped);
        Assert.True(message.VerifyMessageIntegrity(Password));
        Assert.True(message.VerifyFingerprint());
        Assert.False(message.HasUsername);
    }

    [Fact]
    public void TryParse_Rfc5769Ipv6Response_DecodesXorMappedAddressAndVerifies()
    {
        Assert.True(StunMessage.TryParse(Rfc5769.Ipv6Response, out StunMessage message, out _));

        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), mapped);
        Assert.True(message.VerifyMessageIntegrity(Password));
        Assert.True(message.VerifyFingerprint());
    }

    // RFC 5769 2.4 uses long-term credentials, which ICE never does. The key is
    // MD5(username ":" realm ":" password) after SASLprep; the password "TheMatrIX" is already in
    // its SASLprep form, so the vector still checks MESSAGE-INTEGRITY without a SASLprep
    // implementation (which this code does not have).
    [Fact]
    public void VerifyMessageIntegrity_Rfc5769LongTermRequest_AcceptsMd5Key()
    {
        Assert.True(StunMessage.TryParse(Rfc5769.LongTermRequest, out StunMessage message, out _));

        Assert.Equal("マトリックス", Encoding.UTF8.GetString(message.Username));
        Assert.True(message.VerifyMessageIntegrity(Rfc5769.LongTermKey()));
        Assert.False(message.VerifyMessageIntegrity(Password));
        Assert.False(message.HasFingerprint);
        Assert.False(message.VerifyFingerprint());
    }

    [Fact]
    public void VerifyFingerprint_OneBitFlipped_Fails()
    {
        byte[] datagram = (byte[])Rfc5769.SampleRequest.Clone();
        datagram[30] ^= 0x01; // inside SOFTWARE

        Assert.True(StunMessage.TryParse(datagram, out StunMessage message, out _));

        Assert.False(message.VerifyFingerprint());
        Assert.False(message.VerifyMessageIntegrity(Password));
    }

    [Theory]
    [InlineData(0, StunParseError.TooShort)]
    [InlineData(19, StunParseError.TooShort)]
    [InlineData(50, StunParseError.BadLength)]
    public void TryParse_Truncated_RefusesWithReason(int keep, StunParseError expected)
    {
        byte[] datagram = Rfc5769.SampleRequest[..keep];

        Assert.False(StunMessage.TryParse(datagram, out _, out StunParseError error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParse_FirstBitsSet_RefusesAsNotStun()
    {
        byte[] datagram = (byte[])Rfc5769.SampleRequest.Clone();
        datagram[0] = 0x80; // an RTP packet's first byte

        Assert.False(StunMessage.TryParse(datagram, out _, out StunParseError error));
        Assert.Equal(StunParseError.NotStun, error);
        Assert.False(StunMessage.IsStun(datagram));
    }

    [Fact]
    public void TryParse_WrongCookie_Refuses()
    {
        byte[] datagram = (byte[])Rfc5769.SampleRequest.Clone();
        datagram[5] ^= 0xFF;

        Assert.False(StunMessage.TryParse(datagram, out _, out StunParseError error));
        Assert.Equal(StunParseError.BadMagicCookie, error);
        Assert.False(StunMessage.IsStun(datagram));
    }

    [Fact]
    public void TryParse_AttributeLengthOverrunsMessage_RefusesAsTruncated()
    {
        byte[] datagram = (byte[])Rfc5769.SampleRequest.Clone();
        datagram[22] = 0x01; // SOFTWARE length 0x0110

        Assert.False(StunMessage.TryParse(datagram, out _, out StunParseError error));
        Assert.Equal(StunParseError.TruncatedAttribute, error);
    }

    [Fact]
    public void TryParse_PriorityOfWrongSize_RefusesAsInvalid()
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, new byte[12]);
        writer.AddAttribute(StunAttributeType.Priority, [1, 2, 3]);

        Assert.False(StunMessage.TryParse(writer.Written, out _, out StunParseError error));
        Assert.Equal(StunParseError.InvalidAttribute, error);
    }

    [Fact]
    public void TryParse_AttributeAfterFingerprint_Refuses()
    {
        byte[] datagram = [.. Rfc5769.Ipv4Response, 0x80, 0x22, 0x00, 0x00];
        datagram[3] += 4;

        Assert.False(StunMessage.TryParse(datagram, out _, out StunParseError error));
        Assert.Equal(StunParseError.AttributeAfterFingerprint, error);
    }

    [Fact]
    public void TryParse_UnknownAttributes_SkippedWithPaddingAndCounted()
    {
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, new byte[12]);
        writer.AddAttribute((StunAttributeType)0x7F01, [1, 2, 3, 4, 5]); // required, unknown, padded
        writer.AddAttribute((StunAttributeType)0xC057, [9]);             // optional (GOOG-NETWORK-INFO)
        writer.AddUsername("abc:def");
        writer.AddPriority(7);

        Assert.True(StunMessage.TryParse(writer.Written, out StunMessage message, out _));

        Assert.Equal(1, message.UnknownComprehensionRequiredCount);
        Assert.Equal("abc:def", Encoding.UTF8.GetString(message.Username));
        Assert.Equal(7u, message.Priority);
    }

    [Fact]
    public void TryParse_UsernameAfterMessageIntegrity_IsIgnored()
    {
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, new byte[12]);
        writer.AddMessageIntegrity(Password);
        byte[] datagram = [.. writer.Written, 0x00, 0x06, 0x00, 0x03, (byte)'x', (byte)':', (byte)'y', 0];
        datagram[3] += 8;

        Assert.True(StunMessage.TryParse(datagram, out StunMessage message, out _));

        Assert.False(message.HasUsername);
        Assert.True(message.VerifyMessageIntegrity(Password));
    }

    [Fact]
    public void TryGetLocalUfrag_UsernameWithoutColon_ReturnsFalse()
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, new byte[12]);
        writer.AddUsername("nocolon");

        Assert.True(StunMessage.TryParse(writer.Written, out StunMessage message, out _));

        Assert.False(message.TryGetLocalUfrag(out _));
    }

    [Fact]
    public void IsStun_Rfc7983FirstBytes_SplitsStunFromDtlsAndRtp()
    {
        Assert.True(StunMessage.IsStun(Rfc5769.SampleRequest));

        byte[] dtls = (byte[])Rfc5769.SampleRequest.Clone();
        dtls[0] = 22; // handshake record
        Assert.False(StunMessage.IsStun(dtls));
        Assert.False(StunMessage.IsStun(Rfc5769.SampleRequest.AsSpan(0, 19)));
    }

    /// <summary>RFC 5769 section 2 vectors, as printed (padding of 2.1 to 2.3 is 0x20 on purpose).</summary>
    internal static class Rfc5769
    {
        public static readonly byte[] SampleRequest = Hex(
            "00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae" +
            "80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74" +
            "00 24 00 04 6e 00 01 ff" +
            "80 29 00 08 93 2f f9 b1 51 26 3b 36" +
            "00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20" +
            "00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2" +
            "80 28 00 04 e5 7a 3b cf");

        public static readonly byte[] Ipv4Response = Hex(
            "01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae" +
            "80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20" +
            "00 20 00 08 00 01 a1 47 e1 12 a6 43" +
            "00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7" +
            "80 28 00 04 c0 7d 4c 96");

        public static readonly byte[] Ipv6Response = Hex(
            "01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae" +
            "80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20" +
            "00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9" +
            "00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41" +
            "80 28 00 04 c8 fb 0b 4c");

        public static readonly byte[] LongTermRequest = Hex(
            "00 01 00 60 21 12 a4 42 78 ad 34 33 c6 ad 72 c0 29 da 41 2e" +
            "00 06 00 12 e3 83 9e e3 83 88 e3 83 aa e3 83 83 e3 82 af e3 82 b9 00 00" +
            "00 15 00 1c 66 2f 2f 34 39 39 6b 39 35 34 64 36 4f 4c 33 34 6f 4c 39 46 53 54 76 79 36 34 73 41" +
            "00 14 00 0b 65 78 61 6d 70 6c 65 2e 6f 72 67 00" +
            "00 08 00 14 f6 70 24 65 6d d6 4a 3e 02 b8 e0 71 2e 85 c9 a2 8c a8 96 66");

        public static byte[] LongTermKey()
        {
#pragma warning disable CA5351 // RFC 8489 section 9.2.2 derives the long-term key with MD5.
            return MD5.HashData(Encoding.UTF8.GetBytes("マトリックス:example.org:TheMatrIX"));
#pragma warning restore CA5351
        }

        public static byte[] Hex(string spaced) => Convert.FromHexString(spaced.Replace(" ", "", StringComparison.Ordinal));
    }
}
