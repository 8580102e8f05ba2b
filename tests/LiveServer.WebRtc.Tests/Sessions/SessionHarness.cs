using System.Net;
using LiveServer.WebRtc.Sessions;

namespace LiveServer.WebRtc.Tests.Sessions;

/// <summary>A live endpoint on 127.0.0.1 with one <see cref="TestBrowser"/> publishing into it.</summary>
internal sealed class SessionHarness : IAsyncDisposable
{
    private SessionHarness(WebRtcEndpoint endpoint, TestBrowser browser, PeerSession session, string answer)
    {
        Endpoint = endpoint;
        Browser = browser;
        Session = session;
        Answer = answer;
        Frames = new FrameRecorder(session);
    }

    public WebRtcEndpoint Endpoint { get; }

    public TestBrowser Browser { get; }

    public PeerSession Session { get; }

    public string Answer { get; }

    public FrameRecorder Frames { get; }

    public static WebRtcEndpointOptions Options(Action<WebRtcEndpointOptions>? configure = null)
    {
        var options = new WebRtcEndpointOptions { UdpPort = 0, BindAddress = IPAddress.Loopback };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Starts an endpoint, has the browser offer, and (by default) connects ICE and DTLS.</summary>
    public static async Task<SessionHarness> StartAsync(Action<WebRtcEndpointOptions>? configure = null, bool connect = true, bool declareSsrcs = true, Func<string, string>? shapeOffer = null)
    {
        WebRtcEndpoint endpoint = WebRtcEndpoint.Start(Options(configure), TimeProvider.System);
        var browser = new TestBrowser(endpoint.LocalEndPoint, declareSsrcs, shapeOffer);
        SessionOffer offer = endpoint.Accept(browser.Offer);
        Assert.True(offer.Succeeded, offer.Error);
        browser.UseAnswer(offer.AnswerSdp);
        var harness = new SessionHarness(endpoint, browser, offer.Session, offer.AnswerSdp);
        if (connect)
        {
            await browser.ConnectAsync();
            await Eventually.TrueAsync(() => offer.Session.State == PeerSessionState.Connected, "session connected");
        }

        return harness;
    }

    /// <summary>Sends a keyframe and waits until the session emitted it (the depacketizer starts at a keyframe).</summary>
    public async Task<byte[]> PrimeVideoAsync()
    {
        int before = Frames.Video.Count;
        byte[] frame = Browser.SendVp8Frame(keyframe: true);
        await Eventually.TrueAsync(() => Frames.Video.Count > before, "first keyframe emitted");
        return frame;
    }

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        await Endpoint.DisposeAsync();
    }
}
