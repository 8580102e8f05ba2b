using System.Net;
using LiveServer.WebRtc.Sdp;
using LiveServer.WebRtc.Sessions;
using LiveServer.WebRtc.Tests.Sdp;

namespace LiveServer.WebRtc.Tests.Sessions;

/// <summary>Offers in, answers out: what the endpoint negotiates and refuses.</summary>
public sealed class WebRtcEndpointAcceptTests
{
    [Fact]
    public async Task Accept_ChromeOffer_IceLitePassiveAnswerWithOurFingerprintAndHostCandidate()
    {
        await using WebRtcEndpoint endpoint = WebRtcEndpoint.Start(SessionHarness.Options(), TimeProvider.System);
        SessionOffer offer = endpoint.Accept(SdpFixtures.ChromeOffer);

        Assert.True(offer.Succeeded, offer.Error);
        string answer = offer.AnswerSdp;
        Assert.Contains("a=ice-lite\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("a=setup:passive\r\n", answer, StringComparison.Ordinal);
        Assert.Contains($"a=fingerprint:{endpoint.Fingerprint.ToSdpValue()}\r\n", answer, StringComparison.Ordinal);
        Assert.Contains($" 127.0.0.1 {endpoint.LocalEndPoint.Port} typ host\r\n", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("transport-cc", answer, StringComparison.Ordinal);
        Assert.Contains("a=rtcp-fb:96 goog-remb\r\n", answer, StringComparison.Ordinal);
        Assert.Equal(PeerSessionState.WaitingForIce, offer.Session.State);
        Assert.True(offer.Session.HasAudio);
        Assert.True(offer.Session.HasVideo);
        Assert.Matches("^[0-9a-f]{32}$", offer.Session.Id);
        Assert.Equal(1, endpoint.SessionCount);
    }

    [Fact]
    public async Task Accept_TwoOffers_DistinctIdsAndCredentials()
    {
        await using WebRtcEndpoint endpoint = WebRtcEndpoint.Start(SessionHarness.Options(), TimeProvider.System);
        SessionOffer first = endpoint.Accept(SdpFixtures.ChromeOffer);
        SessionOffer second = endpoint.Accept(SdpFixtures.FirefoxOffer);
        Assert.True(first.Succeeded && second.Succeeded, first.Error + second.Error);
        Assert.NotEqual(first.Session.Id, second.Session.Id);
        Assert.NotEqual(Ufrag(first.AnswerSdp), Ufrag(second.AnswerSdp));
        Assert.Equal(2, endpoint.SessionCount);
    }

    [Fact]
    public async Task Accept_MalformedOffer_ErrorNamesTheLine()
    {
        await using WebRtcEndpoint endpoint = WebRtcEndpoint.Start(SessionHarness.Options(), TimeProvider.System);
        SessionOffer offer = endpoint.Accept("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video nonsense\r\n");
        Assert.False(offer.Succeeded);
        Assert.Null(offer.Session);
        Assert.Contains("line 5", offer.Error, StringComparison.Ordinal);
        Assert.Equal(0, endpoint.SessionCount);
        Assert.Equal(1, endpoint.Counters.OffersRefused);
    }

    [Fact]
    public async Task Accept_MaxSessionsReached_Refused()
    {
        await using WebRtcEndpoint endpoint = WebRtcEndpoint.Start(SessionHarness.Options(o => o.MaxSessions = 1), TimeProvider.System);
        Assert.True(endpoint.Accept(SdpFixtures.ChromeOffer).Succeeded);
        SessionOffer refused = endpoint.Accept(SdpFixtures.ChromeOffer);
        Assert.False(refused.Succeeded);
        Assert.Contains("MaxSessions", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_AnnouncedAddresses_UsedAsCandidates()
    {
        await using WebRtcEndpoint endpoint = WebRtcEndpoint.Start(
            SessionHarness.Options(o => o.AnnouncedAddresses = [IPAddress.Parse("203.0.113.7"), IPAddress.Parse("2001:db8::7")]),
            TimeProvider.System);
        SessionOffer offer = endpoint.Accept(SdpFixtures.ChromeOffer);
        Assert.True(offer.Succeeded, offer.Error);
        Assert.Contains($" 203.0.113.7 {endpoint.LocalEndPoint.Port} typ host", offer.AnswerSdp, StringComparison.Ordinal);
        Assert.Contains($" 2001:db8::7 {endpoint.LocalEndPoint.Port} typ host", offer.AnswerSdp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_AfterDispose_Refused()
    {
        WebRtcEndpoint endpoint = WebRtcEndpoint.Start(SessionHarness.Options(), TimeProvider.System);
        await endpoint.DisposeAsync();
        Assert.False(endpoint.Accept(SdpFixtures.ChromeOffer).Succeeded);
    }

    [Theory]
    [InlineData(nameof(WebRtcEndpointOptions.UdpPort))]
    [InlineData(nameof(WebRtcEndpointOptions.ConsentTimeout))]
    [InlineData(nameof(WebRtcEndpointOptions.HandshakeTimeout))]
    [InlineData(nameof(WebRtcEndpointOptions.InboundRtpLossPercent))]
    [InlineData(nameof(WebRtcEndpointOptions.KeyframeInterval))]
    [InlineData(nameof(WebRtcEndpointOptions.MaxSessions))]
    public void Start_InvalidOption_MessageNamesIt(string property)
    {
        var options = new WebRtcEndpointOptions();
        switch (property)
        {
            case nameof(WebRtcEndpointOptions.UdpPort): options.UdpPort = 70000; break;
            case nameof(WebRtcEndpointOptions.ConsentTimeout): options.ConsentTimeout = TimeSpan.Zero; break;
            case nameof(WebRtcEndpointOptions.HandshakeTimeout): options.HandshakeTimeout = TimeSpan.FromSeconds(-1); break;
            case nameof(WebRtcEndpointOptions.InboundRtpLossPercent): options.InboundRtpLossPercent = 101; break;
            case nameof(WebRtcEndpointOptions.KeyframeInterval): options.KeyframeInterval = TimeSpan.FromSeconds(-2); break;
            default: options.MaxSessions = 0; break;
        }

        ArgumentException exception = Assert.Throws<ArgumentException>(() => WebRtcEndpoint.Start(options, TimeProvider.System));
        Assert.Contains(property, exception.Message, StringComparison.Ordinal);
    }

    private static string Ufrag(string sdp) =>
        sdp.Split("\r\n").First(l => l.StartsWith("a=ice-ufrag:", StringComparison.Ordinal));
}
