using System.Buffers.Binary;
using LiveServer.WebRtc.Rtcp;
using LiveServer.WebRtc.Sessions;

namespace LiveServer.WebRtc.Tests.Sessions;

/// <summary>Consent, keyframe requests, receiver reports and the ways a session ends.</summary>
public sealed class PeerSessionLifecycleTests
{
    [Fact]
    public async Task Consent_ChecksKeepItOpen_SilenceClosesWithConsentTimeout()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync(o => o.ConsentTimeout = TimeSpan.FromSeconds(1));
        harness.Browser.StartConsent(TimeSpan.FromMilliseconds(150));
        await Task.Delay(1600);
        Assert.Equal(PeerSessionState.Connected, harness.Session.State);

        harness.Browser.StopConsent();
        await Eventually.TrueAsync(() => harness.Frames.ClosedReasons.Count > 0, "consent timeout", seconds: 4);
        Assert.Equal(["consent timeout"], harness.Frames.ClosedReasons);
        Assert.Equal("consent timeout", harness.Session.CloseReason);
        Assert.Equal(0, harness.Endpoint.SessionCount);
    }

    [Fact]
    public async Task Consent_NoCheckEverArrives_WaitingSessionTimesOut()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync(o => o.ConsentTimeout = TimeSpan.FromMilliseconds(300), connect: false);
        Assert.Equal(PeerSessionState.WaitingForIce, harness.Session.State);
        await Eventually.TrueAsync(() => harness.Frames.ClosedReasons.Count > 0, "consent timeout while waiting for ICE");
        Assert.Equal(["consent timeout"], harness.Frames.ClosedReasons);
    }

    [Fact]
    public async Task RequestKeyframe_Connected_PeerReceivesPli()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync();
        await harness.PrimeVideoAsync();
        harness.Session.RequestKeyframe();
        await Eventually.TrueAsync(() => harness.Browser.PliSsrcs.Contains(TestBrowser.VideoSsrc), "a PLI");
        Assert.Equal(1, harness.Session.Counters.PlisSent);
        Assert.DoesNotContain(TestBrowser.AudioSsrc, harness.Browser.PliSsrcs);
    }

    [Fact]
    public async Task KeyframeInterval_Set_PlisArrivePeriodically()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync(o => o.KeyframeInterval = TimeSpan.FromMilliseconds(400));
        await harness.PrimeVideoAsync();
        await Eventually.TrueAsync(() => harness.Browser.PliSsrcs.Count >= 3, "three periodic PLIs");
    }

    [Fact]
    public async Task KeyframeInterval_SetOnSessionThenCleared_PlisStartAndStop()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync();
        await harness.PrimeVideoAsync();
        harness.Session.KeyframeInterval = TimeSpan.FromMilliseconds(350);
        await Eventually.TrueAsync(() => harness.Browser.PliSsrcs.Count >= 2, "periodic PLIs after the livestream started");

        harness.Session.KeyframeInterval = TimeSpan.Zero;
        await Task.Delay(100);
        int count = harness.Browser.PliSsrcs.Count;
        await Task.Delay(800);
        Assert.Equal(count, harness.Browser.PliSsrcs.Count);
    }

    [Fact]
    public async Task SenderReport_Received_NextReceiverReportCarriesLsr()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync();
        await harness.PrimeVideoAsync();
        byte[] sr = new byte[28];
        RtcpHeaderForTests.Write(sr, count: 0, type: 200);
        BinaryPrimitives.WriteUInt32BigEndian(sr.AsSpan(4), TestBrowser.VideoSsrc);
        BinaryPrimitives.WriteUInt64BigEndian(sr.AsSpan(8), 0x0000_1234_5678_0000);
        harness.Browser.SendRtcp(sr);
        await Eventually.TrueAsync(
            () => harness.Browser.ReportBlocks.Any(b => b.Ssrc == TestBrowser.VideoSsrc && b.LastSenderReport == 0x1234_5678),
            "a report block with LSR from the SR", seconds: 4);
        ReportBlock block = harness.Browser.ReportBlocks.Last(b => b.Ssrc == TestBrowser.VideoSsrc);
        Assert.True(block.ExtendedHighestSequenceNumber > 0);
        Assert.Equal(1, harness.Session.Counters.RtcpPacketsReceived);
    }

    [Fact]
    public async Task CloseAsync_Twice_ClosedRaisedOnceAndSessionForgotten()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync();
        await harness.PrimeVideoAsync();
        Assert.True(harness.Endpoint.TryGetSession(harness.Session.Id, out _));

        await harness.Session.CloseAsync();
        await harness.Session.CloseAsync();

        Assert.Equal(["closed by server"], harness.Frames.ClosedReasons);
        Assert.Equal(PeerSessionState.Closed, harness.Session.State);
        Assert.Equal(0, harness.Endpoint.SessionCount);
        Assert.False(harness.Endpoint.TryGetSession(harness.Session.Id, out _));

        // The address is forgotten: its media is now unmatched.
        long unmatched = harness.Endpoint.Counters.Unmatched;
        harness.Browser.SendVp8Frame(keyframe: true, packets: 2);
        await Eventually.TrueAsync(() => harness.Endpoint.Counters.Unmatched == unmatched + 2, "media after close counted as unmatched");
        Assert.Single(harness.Frames.Video);
    }

    [Fact]
    public async Task PeerSendsBye_SessionClosesAsPeerClosed()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync();
        byte[] bye = new byte[8];
        RtcpHeaderForTests.Write(bye, count: 1, type: 203);
        BinaryPrimitives.WriteUInt32BigEndian(bye.AsSpan(4), TestBrowser.VideoSsrc);
        harness.Browser.SendRtcp(bye);
        await Eventually.TrueAsync(() => harness.Frames.ClosedReasons.Count > 0, "closed after BYE");
        Assert.Equal(["peer closed"], harness.Frames.ClosedReasons);
    }

    [Fact]
    public async Task PeerSendsCloseNotify_SessionClosesAsPeerClosed()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync();
        harness.Browser.DtlsTransport!.Close();
        await Eventually.TrueAsync(() => harness.Frames.ClosedReasons.Count > 0, "closed after close_notify");
        Assert.Equal(["peer closed"], harness.Frames.ClosedReasons);
    }

    [Fact]
    public async Task DisposeEndpoint_OpenSession_ClosedByServer()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync();
        await harness.Endpoint.DisposeAsync();
        Assert.Equal(["closed by server"], harness.Frames.ClosedReasons);
        Assert.Equal(0, harness.Endpoint.SessionCount);
    }
}
