using LiveServer.WebRtc.Sdp;
using static LiveServer.WebRtc.Tests.Sdp.SdpFixtures;

namespace LiveServer.WebRtc.Tests.Sdp;

/// <summary>A second video m-section (a screen share) in the offer: RFC 4796 a=content and the answer.</summary>
public sealed class SdpScreenShareTests
{
    [Fact]
    public void Parse_ContentSlides_MarksOnlyThatSection()
    {
        SessionDescription offer = Parse(WithSecondVideo(ChromeOffer, slides: true));

        Assert.Equal(3, offer.Media.Count);
        Assert.False(offer.Media[1].IsSlides);
        Assert.Null(offer.Media[1].Content);
        Assert.Equal("slides", offer.Media[2].Content);
        Assert.True(offer.Media[2].IsSlides);
    }

    [Fact]
    public void TryBuild_TwoVideoSections_AcceptsBothRecvOnlyWithTheirOwnSsrcs()
    {
        var builder = new SdpAnswerBuilder(AnswerOptions);
        Assert.True(builder.TryBuild(Parse(WithSecondVideo(ChromeOffer, slides: true)), out SdpAnswer? answer, out SdpError? error), error?.ToString());

        Assert.Equal(["0", "1", "2"], answer.BundleMids);
        NegotiatedMedia camera = answer.Media[1];
        NegotiatedMedia screen = answer.Media[2];
        Assert.All(answer.Media, m => Assert.Equal(SdpMediaDirection.RecvOnly, m.Direction));
        Assert.Equal("video", screen.Media);
        Assert.False(camera.IsSlides);
        Assert.True(screen.IsSlides);
        Assert.Equal([ScreenSsrc], screen.MediaSsrcs);
        Assert.Equal(ScreenSsrc, screen.RtxSsrcs[ScreenRtxSsrc]);
        Assert.Contains("a=mid:2", answer.Sdp, StringComparison.Ordinal);
        Assert.Contains("a=group:BUNDLE 0 1 2", answer.Sdp, StringComparison.Ordinal);
    }
}
