using LiveServer.WebRtc.Sessions;

namespace LiveServer.WebRtc.Tests.Sessions;

/// <summary>Several publishers on the one port: each session gets its own frames, and one ending leaves the rest alone.</summary>
public sealed class WebRtcEndpointMultiSessionTests
{
    [Fact]
    public async Task ThreePublishers_OneClosesWithBye_OthersKeepTheirOwnFrames()
    {
        await using WebRtcEndpoint endpoint = WebRtcEndpoint.Start(SessionHarness.Options(), TimeProvider.System);
        var browsers = new List<TestBrowser>();
        var recorders = new List<FrameRecorder>();
        var sessions = new List<PeerSession>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                var browser = new TestBrowser(endpoint.LocalEndPoint);
                SessionOffer offer = endpoint.Accept(browser.Offer);
                Assert.True(offer.Succeeded, offer.Error);
                browser.UseAnswer(offer.AnswerSdp);
                browsers.Add(browser);
                sessions.Add(offer.Session);
                recorders.Add(new FrameRecorder(offer.Session));
            }

            // The same SSRCs in every session (each browser uses the fixture's): routing is per address, not per SSRC.
            await Task.WhenAll(browsers.Select(b => b.ConnectAsync()));
            await Eventually.TrueAsync(() => sessions.All(s => s.State == PeerSessionState.Connected), "all connected");

            byte[] bye = new byte[8];
            RtcpHeaderForTests.Write(bye, count: 1, type: 203);
            browsers[0].SendRtcp(bye);
            await Eventually.TrueAsync(() => sessions[0].State == PeerSessionState.Closed, "first session closed");

            var sent = new List<byte[]>[3];
            for (int b = 1; b < 3; b++)
            {
                browsers[b].VideoSequence = (ushort)(b * 1000);
                sent[b] = [.. Enumerable.Range(0, 5).Select(i => browsers[b].SendVp8Frame(keyframe: i == 0))];
            }

            await Eventually.TrueAsync(() => recorders[1].Video.Count == 5 && recorders[2].Video.Count == 5, "frames in both remaining sessions");
            for (int b = 1; b < 3; b++)
            {
                Assert.Equal(sent[b], recorders[b].Video.Select(f => f.Payload));
            }

            Assert.Empty(recorders[0].Video);
            Assert.Equal(2, endpoint.SessionCount);
            Assert.Equal(0, endpoint.Counters.Faults);
        }
        finally
        {
            browsers.ForEach(b => b.Dispose());
        }
    }
}
