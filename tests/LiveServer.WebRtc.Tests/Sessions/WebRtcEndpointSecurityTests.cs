using System.Net;
using System.Net.Sockets;
using LiveServer.WebRtc.Sessions;
using LiveServer.WebRtc.Stun;

namespace LiveServer.WebRtc.Tests.Sessions;

/// <summary>What the endpoint refuses: bad STUN credentials, unknown ufrags, media from unchecked addresses.</summary>
public sealed class WebRtcEndpointSecurityTests
{
    [Fact]
    public async Task Stun_WrongIntegrity_Answered401AndCountedSessionUnaffected()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync(connect: false);
        byte[]? response = await harness.Browser.CheckAsync(password: "wrongwrongwrongwrongwrong");

        Assert.NotNull(response);
        Assert.True(StunMessage.TryParse(response, out StunMessage message, out _));
        Assert.Equal(StunClass.ErrorResponse, message.Class);
        Assert.True(message.TryGetErrorCode(out int code, out _));
        Assert.Equal(401, code);
        Assert.False(message.HasMessageIntegrity);
        Assert.Equal(1, harness.Endpoint.Counters.StunUnauthorized);
        Assert.Equal(PeerSessionState.WaitingForIce, harness.Session.State);
        Assert.Null(harness.Session.RemoteEndPoint);

        // The right credentials still work afterwards.
        await harness.Browser.ConnectAsync();
        await Eventually.TrueAsync(() => harness.Session.State == PeerSessionState.Connected, "connected");
    }

    [Fact]
    public async Task Stun_WrongRemoteUfrag_Answered401()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync(connect: false);
        byte[]? response = await harness.Browser.CheckAsync(username: $"{harness.Browser.ServerUfrag}:someoneelse");
        Assert.NotNull(response);
        Assert.True(StunMessage.TryParse(response, out StunMessage message, out _));
        Assert.Equal(StunClass.ErrorResponse, message.Class);
        Assert.Equal(PeerSessionState.WaitingForIce, harness.Session.State);
    }

    [Fact]
    public async Task Stun_UnknownUfrag_DroppedWithoutAnswerAndCounted()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync();
        byte[]? response = await harness.Browser.CheckAsync(username: "nosuchufrag:" + TestBrowser.Ufrag, timeout: TimeSpan.FromMilliseconds(300));

        Assert.Null(response);
        Assert.Equal(1, harness.Endpoint.Counters.StunUnknownUfrag);
        Assert.Equal(PeerSessionState.Connected, harness.Session.State);
        await harness.PrimeVideoAsync();
    }

    [Fact]
    public async Task DtlsAndSrtp_FromUncheckedAddress_DroppedAsUnmatched()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync();
        await harness.PrimeVideoAsync();
        long packets = harness.Session.Counters.PacketsReceived;

        using var intruder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        intruder.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        // A valid SRTP packet of the session, replayed from another address, and a DTLS ClientHello-like record.
        byte[] srtp = harness.Browser.Protect(harness.Browser.BuildRtp(TestBrowser.Vp8PayloadType, true, 5000, 1, TestBrowser.VideoSsrc, [0x10, 1, 2, 3]));
        byte[] dtls = [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
        intruder.SendTo(srtp, harness.Endpoint.LocalEndPoint);
        intruder.SendTo(dtls, harness.Endpoint.LocalEndPoint);

        await Eventually.TrueAsync(() => harness.Endpoint.Counters.Unmatched == 2, "two unmatched datagrams");
        Assert.Equal(packets, harness.Session.Counters.PacketsReceived);
        Assert.Equal(PeerSessionState.Connected, harness.Session.State);
        await harness.PrimeVideoAsync();
    }

    [Fact]
    public async Task Datagram_OutsideDemuxRanges_Dropped()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync(connect: false);
        harness.Browser.SendRaw([70, 1, 2, 3]);
        harness.Browser.SendRaw([255]);
        harness.Browser.SendRaw([1, 1, 0, 0]);
        await Eventually.TrueAsync(() => harness.Endpoint.Counters.Dropped == 2 && harness.Endpoint.Counters.StunDropped == 1, "dropped datagrams counted");
    }
}
