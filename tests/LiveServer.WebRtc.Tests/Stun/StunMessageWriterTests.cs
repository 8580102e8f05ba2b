using System.Net;
using System.Text;
using LiveServer.WebRtc.Stun;
using static LiveServer.WebRtc.Tests.Stun.StunMessageTests;

namespace LiveServer.WebRtc.Tests.Stun;

/// <summary>Writing messages: byte-exact against RFC 5769 where the vector allows, round trips elsewhere.</summary>
public sealed class StunMessageWriterTests
{
    private static readonly byte[] TransactionId = Convert.FromHexString("b7e7a701bc34d686fa87dfae");

    [Fact]
    public void Write_Rfc5769LongTermRequest_ReproducesVectorBytes()
    {
        // 2.4 pads with zeros, as this writer does, so the whole message must come out identical.
        byte[] buffer = new byte[256];
        var writer = new StunMessageWriter(
            buffer,
            StunMethod.Binding,
            StunClass.Request,
            Convert.FromHexString("78ad3433c6ad72c029da412e"));
        writer.AddUsername("マトリックス");
        writer.AddAttribute(StunAttributeType.Nonce, "f//499k954d6OL34oL9FSTvy64sA"u8);
        writer.AddAttribute(StunAttributeType.Realm, "example.org"u8);
        writer.AddMessageIntegrity(Rfc5769.LongTermKey());

        Assert.Equal(Rfc5769.LongTermRequest, writer.Written.ToArray());
    }

    [Theory]
    [InlineData("192.0.2.1", "0020000800 01a147e112a643")]
    [InlineData("2001:db8:1234:5678:11:2233:4455:6677", "0020001400 02a1470113a9faa5d3f179bc25f4b5bed2b9d9")]
    public void AddXorMappedAddress_Rfc5769Address_MatchesVectorAttribute(string address, string expectedHex)
    {
        byte[] buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.SuccessResponse, TransactionId);

        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse(address), 32853));

        Assert.Equal(Rfc5769.Hex(expectedHex), writer.Written[20..].ToArray());
    }

    [Fact]
    public void AddXorMappedAddress_Ipv4MappedIpv6_WritesIpv4Family()
    {
        byte[] buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.SuccessResponse, TransactionId);

        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.1"), 32853));

        Assert.True(StunMessage.TryParse(writer.Written, out StunMessage message, out _));
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped);
    }

    [Fact]
    public void Write_IceRequest_RoundTripsEveryAttribute()
    {
        byte[] buffer = new byte[256];
        byte[] key = Encoding.UTF8.GetBytes("remote-password-22chars");
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, TransactionId);
        writer.AddUsername("lfrag:rfrag");
        writer.AddPriority(0x6E7F1EFF);
        writer.AddUseCandidate();
        writer.AddIceControlling(0x0123456789ABCDEF);
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();

        Assert.True(StunMessage.TryParse(writer.Written, out StunMessage message, out StunParseError error), error.ToString());
        Assert.Equal(StunClass.Request, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(TransactionId, message.TransactionId.ToArray());
        Assert.True(message.TryGetLocalUfrag(out ReadOnlySpan<byte> local));
        Assert.Equal("lfrag", Encoding.UTF8.GetString(local));
        Assert.Equal(0x6E7F1EFFu, message.Priority);
        Assert.True(message.UseCandidate);
        Assert.Equal(0x0123456789ABCDEFul, message.IceControlling);
        Assert.Null(message.IceControlled);
        Assert.True(message.VerifyMessageIntegrity(key));
        Assert.True(message.VerifyFingerprint());
    }

    [Theory]
    [InlineData(StunMethod.Binding, StunClass.Request, 0x0001)]
    [InlineData(StunMethod.Binding, StunClass.Indication, 0x0011)]
    [InlineData(StunMethod.Binding, StunClass.SuccessResponse, 0x0101)]
    [InlineData(StunMethod.Binding, StunClass.ErrorResponse, 0x0111)]
    [InlineData((StunMethod)0x003, StunClass.ErrorResponse, 0x0113)]
    [InlineData((StunMethod)0xFFF, StunClass.ErrorResponse, 0x3FFF)]
    public void Write_MethodAndClass_EncodesTypeBitsAndParsesBack(StunMethod method, StunClass messageClass, int expectedType)
    {
        byte[] buffer = new byte[20];
        _ = new StunMessageWriter(buffer, method, messageClass, TransactionId);

        Assert.Equal(expectedType, (buffer[0] << 8) | buffer[1]);
        Assert.True(StunMessage.TryParse(buffer, out StunMessage message, out _));
        Assert.Equal(method, message.Method);
        Assert.Equal(messageClass, message.Class);
    }

    [Fact]
    public void AddAttribute_AfterFingerprint_Throws()
    {
        byte[] buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, TransactionId);
        writer.AddFingerprint();

        bool threw = false;
        try
        {
            writer.AddPriority(1);
        }
        catch (InvalidOperationException)
        {
            threw = true;
        }

        Assert.True(threw);
    }

    [Fact]
    public void AddAttribute_BufferTooSmall_Throws()
    {
        byte[] buffer = new byte[24];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, TransactionId);

        bool threw = false;
        try
        {
            writer.AddPriority(1);
        }
        catch (ArgumentException)
        {
            threw = true;
        }

        Assert.True(threw);
    }
}
