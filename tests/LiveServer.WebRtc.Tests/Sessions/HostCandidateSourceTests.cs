using System.Net;
using System.Net.Sockets;
using System.Text;
using LiveServer.TestKit;
using LiveServer.WebRtc.Sessions;
using LiveServer.WebRtc.Stun;

namespace LiveServer.WebRtc.Tests.Sessions;

/// <summary>
/// RFC 8445 section 7.2.5.2.1: a check's response must come from the address the check was sent
/// to, or a strict agent (aioice) fails the pair as a source-address mismatch. The endpoint runs in a
/// server namespace of the test's own with two IPv4 addresses and one IPv6 address; a client in
/// another namespace checks every announced address and looks at where each answer came from. A
/// socket bound to the wildcard answers the secondary address from the primary one.
/// </summary>
public sealed class HostCandidateSourceTests
{
    [Fact]
    public async Task DefaultBind_EveryCheckIsAnsweredFromTheAddressItWasSentTo()
    {
        using var network = TestNetwork.Create();
        await using WebRtcEndpoint endpoint = TestNetwork.InNamespace(
            network.ServerNamespace, () => WebRtcEndpoint.Start(new WebRtcEndpointOptions { UdpPort = 0 }, TimeProvider.System));

        // Non-loopback first (IPv4, then IPv6), loopback last; every one bound on the same port.
        Assert.Equal(
            [network.ServerAddress, network.ServerSecondaryAddress, network.ServerAddressV6, IPAddress.Loopback, IPAddress.IPv6Loopback],
            endpoint.AnnouncedAddresses);
        Assert.All(endpoint.LocalEndPoints, e => Assert.Equal(endpoint.LocalEndPoint.Port, e.Port));

        using var browser = new TestBrowser(endpoint.LocalEndPoint);
        SessionOffer offer = endpoint.Accept(browser.Offer);
        Assert.True(offer.Succeeded, offer.Error);
        browser.UseAnswer(offer.AnswerSdp);
        foreach (IPAddress target in (IPAddress[])[network.ServerSecondaryAddress, network.ServerAddress, network.ServerAddressV6])
        {
            Assert.Contains($" {target} {endpoint.LocalEndPoint.Port} typ host", offer.AnswerSdp, StringComparison.Ordinal);
            (IPEndPoint from, IPEndPoint mapped) = CheckFromClient(network, browser, new IPEndPoint(target, endpoint.LocalEndPoint.Port));
            Assert.Equal(target, from.Address);
            Assert.Equal(endpoint.LocalEndPoint.Port, from.Port);
            Assert.Equal(target.AddressFamily == AddressFamily.InterNetwork ? network.ClientAddress : network.ClientAddressV6, mapped.Address);
        }

        Assert.Equal(network.ServerAddressV6, offer.Session.LocalEndPoint?.Address);
    }

    [Fact]
    public async Task SpecificBindAddress_OneSocketAnnouncedAlone()
    {
        using var network = TestNetwork.Create();
        await using WebRtcEndpoint endpoint = TestNetwork.InNamespace(
            network.ServerNamespace,
            () => WebRtcEndpoint.Start(new WebRtcEndpointOptions { UdpPort = 0, BindAddress = network.ServerSecondaryAddress }, TimeProvider.System));

        Assert.Equal([network.ServerSecondaryAddress], endpoint.AnnouncedAddresses);
        Assert.Single(endpoint.LocalEndPoints);
    }

    [Fact]
    public async Task Interfaces_NarrowTheAddressesToTheNamedOnes()
    {
        using var network = TestNetwork.Create();
        await using WebRtcEndpoint endpoint = TestNetwork.InNamespace(
            network.ServerNamespace,
            () => WebRtcEndpoint.Start(new WebRtcEndpointOptions { UdpPort = 0, Interfaces = ["lo"] }, TimeProvider.System));

        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], endpoint.AnnouncedAddresses);
    }

    // A Binding request from a socket of the client namespace; returns the response's source and XOR-MAPPED-ADDRESS.
    private static (IPEndPoint From, IPEndPoint Mapped) CheckFromClient(TestNetwork network, TestBrowser browser, IPEndPoint target) =>
        TestNetwork.InNamespace(network.ClientNamespace, () =>
        {
            using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 2000 };
            socket.Bind(new IPEndPoint(target.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0));
            byte[] transaction = new byte[12];
            Random.Shared.NextBytes(transaction);
            socket.SendTo(browser.BindingRequest(transaction, useCandidate: true), target);
            byte[] buffer = new byte[1500];
            EndPoint from = new IPEndPoint(target.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
            int length = socket.ReceiveFrom(buffer, ref from);
            Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage response, out _));
            Assert.Equal(StunClass.SuccessResponse, response.Class);
            Assert.True(response.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(browser.ServerPassword!)));
            Assert.True(response.TryGetXorMappedAddress(out IPEndPoint? mapped));
            return ((IPEndPoint)from, mapped);
        });
}
