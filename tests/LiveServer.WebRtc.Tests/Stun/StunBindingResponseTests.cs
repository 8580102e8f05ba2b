using System.Net;
using System.Text;
using LiveServer.WebRtc.Stun;

namespace LiveServer.WebRtc.Tests.Stun;

/// <summary>The answers an ICE-lite agent writes, read back by the parser.</summary>
public sealed class StunBindingResponseTests
{
    private static readonly byte[] TransactionId = Convert.FromHexString("0102030405060708090a0b0c");
    private static readonly byte[] LocalPassword = Encoding.UTF8.GetBytes("local-ice-password-0123");

    [Theory]
    [InlineData("203.0.113.7", 50000)]
    [InlineData("2001:db8::1", 1)]
    public void WriteSuccess_AnyFamily_ParsesVerifiesAndEchoesAddress(string address, int port)
    {
        var from = new IPEndPoint(IPAddress.Parse(address), port);
        byte[] buffer = new byte[StunBindingResponse.MaxLength];

        int length = StunBindingResponse.WriteSuccess(buffer, TransactionId, from, LocalPassword);

        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage message, out _));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(TransactionId, message.TransactionId.ToArray());
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(from, mapped);
        Assert.True(message.VerifyMessageIntegrity(LocalPassword));
        Assert.False(message.VerifyMessageIntegrity("other"u8));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void WriteError_Unauthorized_HasCodeAndFingerprintButNoIntegrity()
    {
        byte[] buffer = new byte[StunBindingResponse.MaxLength];

        int length = StunBindingResponse.WriteError(buffer, TransactionId, StunErrorCode.Unauthorized, default);

        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage message, out _));
        Assert.Equal(StunClass.ErrorResponse, message.Class);
        Assert.True(message.TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason));
        Assert.Equal(401, code);
        Assert.Equal("Unauthorized", Encoding.UTF8.GetString(reason));
        Assert.False(message.HasMessageIntegrity);
        Assert.True(message.VerifyFingerprint());
    }

    [Theory]
    [InlineData(StunErrorCode.BadRequest)]
    [InlineData(StunErrorCode.UnknownAttribute)]
    [InlineData(StunErrorCode.RoleConflict)]
    [InlineData(StunErrorCode.ServerError)]
    public void WriteError_WithKey_CarriesCodeAndValidIntegrity(StunErrorCode expected)
    {
        byte[] buffer = new byte[StunBindingResponse.MaxLength];

        int length = StunBindingResponse.WriteError(buffer, TransactionId, expected, LocalPassword);

        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage message, out _));
        Assert.True(message.TryGetErrorCode(out int code, out _));
        Assert.Equal((int)expected, code);
        Assert.True(message.VerifyMessageIntegrity(LocalPassword));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void WriteSuccess_AnswerToRfc5769Request_EchoesItsTransaction()
    {
        Assert.True(StunMessage.TryParse(StunMessageTests.Rfc5769.SampleRequest, out StunMessage request, out _));
        byte[] buffer = new byte[StunBindingResponse.MaxLength];

        int length = StunBindingResponse.WriteSuccess(
            buffer,
            request.TransactionId,
            new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853),
            LocalPassword);

        // Same transaction and mapped address as the RFC's response, so the same attribute bytes.
        Assert.Equal(
            StunMessageTests.Rfc5769.Hex("0020000800 01a147e112a643"),
            buffer.AsSpan(20, 12).ToArray());
        Assert.Equal(20 + 12 + 24 + 8, length);
    }
}
