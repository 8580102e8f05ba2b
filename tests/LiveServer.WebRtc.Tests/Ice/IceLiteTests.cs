using System.Net;
using System.Net.Sockets;
using System.Text;
using LiveServer.WebRtc.Sessions;
using LiveServer.WebRtc.Stun;
using LiveServer.WebRtc.Tests.Sessions;

namespace LiveServer.WebRtc.Tests.Ice;

/// <summary>
/// The endpoint as an ICE-lite agent (RFC 8445 7.3): answers, nomination, which address media goes
/// to, and the requests it does not answer. Driven over real UDP through the public API.
/// </summary>
public sealed class IceLiteTests
{
    [Fact]
    public async Task Check_FromSecondAddress_ValidatesItAndNominationMovesTheSelectedAddress()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync();
        using var second = new CandidateSocket(harness.Endpoint.LocalEndPoint);

        // Without USE-CANDIDATE a later check validates the address but keeps the nominated one.
        byte[]? response = second.Check(harness.Browser.BindingRequest(NewTransaction(), useCandidate: false));
        Assert.NotNull(response);
        AssertSuccessFor(response, second.LocalEndPoint, harness.Browser.ServerPassword!);
        Assert.Equal(harness.Browser.LocalEndPoint, harness.Session.RemoteEndPoint);

        // A nomination from the second address makes it the one RTCP and DTLS go to.
        Assert.NotNull(second.Check(harness.Browser.BindingRequest(NewTransaction(), useCandidate: true)));
        Assert.Equal(second.LocalEndPoint, harness.Session.RemoteEndPoint);
        Assert.Equal(PeerSessionState.Connected, harness.Session.State);
    }

    [Fact]
    public async Task Check_UnknownComprehensionRequiredAttribute_Answered420WithIntegrity()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync(connect: false);
        using var socket = new CandidateSocket(harness.Endpoint.LocalEndPoint);
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, NewTransaction());
        writer.AddUsername($"{harness.Browser.ServerUfrag}:{TestBrowser.Ufrag}");
        writer.AddAttribute((StunAttributeType)0x7F01, [1, 2, 3, 4]);
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(harness.Browser.ServerPassword!));
        writer.AddFingerprint();

        byte[]? response = socket.Check(writer.Written.ToArray());

        Assert.NotNull(response);
        Assert.True(StunMessage.TryParse(response, out StunMessage message, out _));
        Assert.True(message.TryGetErrorCode(out int code, out _));
        Assert.Equal(420, code);
        Assert.True(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(harness.Browser.ServerPassword!)));
        Assert.Equal(PeerSessionState.WaitingForIce, harness.Session.State);
    }

    [Fact]
    public async Task Check_WithoutFingerprint_DroppedWithoutAnswer()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync(connect: false);
        using var socket = new CandidateSocket(harness.Endpoint.LocalEndPoint);
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, NewTransaction());
        writer.AddUsername($"{harness.Browser.ServerUfrag}:{TestBrowser.Ufrag}");
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(harness.Browser.ServerPassword!));

        Assert.Null(socket.Check(writer.Written.ToArray(), TimeSpan.FromMilliseconds(300)));
        Assert.Equal(1, harness.Endpoint.Counters.StunDropped);
        Assert.Equal(PeerSessionState.WaitingForIce, harness.Session.State);
    }

    [Fact]
    public async Task BindingIndication_Ignored()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync(connect: false);
        using var socket = new CandidateSocket(harness.Endpoint.LocalEndPoint);
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Indication, NewTransaction());
        writer.AddFingerprint();

        Assert.Null(socket.Check(writer.Written.ToArray(), TimeSpan.FromMilliseconds(300)));
        Assert.Equal(1, harness.Endpoint.Counters.StunDropped);
    }

    [Fact]
    public async Task FirstValidCheck_StartsHandshake()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync(connect: false, configure: o => o.HandshakeTimeout = TimeSpan.FromMilliseconds(500));
        Assert.NotNull(await harness.Browser.CheckAsync());
        Assert.Equal(PeerSessionState.Handshaking, harness.Session.State);

        // No DTLS client ever speaks: the handshake times out and the session says why.
        await Eventually.TrueAsync(() => harness.Session.State == PeerSessionState.Closed, "handshake timeout");
        Assert.StartsWith("DTLS failed: ", harness.Session.CloseReason, StringComparison.Ordinal);
    }

    private static void AssertSuccessFor(byte[] response, IPEndPoint expected, string password)
    {
        Assert.True(StunMessage.TryParse(response, out StunMessage message, out _));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.True(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(password)));
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(expected, mapped);
    }

    private static byte[] NewTransaction()
    {
        byte[] id = new byte[12];
        Random.Shared.NextBytes(id);
        return id;
    }

    /// <summary>Another local candidate of the same browser: a bare socket that sends one request and reads one answer.</summary>
    private sealed class CandidateSocket : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly IPEndPoint _server;

        public CandidateSocket(IPEndPoint server)
        {
            _server = server;
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        }

        public IPEndPoint LocalEndPoint { get; }

        public byte[]? Check(byte[] request, TimeSpan? timeout = null)
        {
            _socket.ReceiveTimeout = (int)(timeout ?? TimeSpan.FromSeconds(2)).TotalMilliseconds;
            _socket.SendTo(request, _server);
            byte[] buffer = new byte[1500];
            try
            {
                int length = _socket.Receive(buffer);
                return buffer.AsSpan(0, length).ToArray();
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.TimedOut)
            {
                return null;
            }
        }

        public void Dispose() => _socket.Dispose();
    }
}
