using LiveServer.WebRtc.Sessions;
using LiveServer.WebRtc.Tests.Sdp;

namespace LiveServer.WebRtc.Tests.Sessions;

/// <summary>A publisher with a camera and a screen share on two video m-sections, over real UDP on loopback.</summary>
public sealed class PeerSessionScreenShareTests
{
    [Fact]
    public async Task ScreenShareMid_SectionMarkedSlides_IsThatMid()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync(connect: false, shapeOffer: o => SdpFixtures.WithSecondVideo(o, slides: true));

        Assert.Equal("2", harness.Session.ScreenShareMid);
    }

    [Fact]
    public async Task ScreenShareMid_SecondVideoUnmarked_IsSecondVideoMid()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync(connect: false, shapeOffer: o => SdpFixtures.WithSecondVideo(o, slides: false));

        Assert.Equal("2", harness.Session.ScreenShareMid);
    }

    [Fact]
    public async Task ScreenShareMid_OneVideoSection_IsNull()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync(connect: false);

        Assert.Null(harness.Session.ScreenShareMid);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FrameReceived_TwoVideoSections_EachFrameCarriesItsMidAndSsrc(bool declareSsrcs)
    {
        await using SessionHarness harness = await SessionHarness.StartAsync(
            declareSsrcs: declareSsrcs,
            shapeOffer: o => SdpFixtures.WithSecondVideo(o, slides: true));
        TestBrowser browser = harness.Browser;
        browser.SendMid = true;

        var camera = new List<byte[]>();
        var screen = new List<byte[]>();
        for (int i = 0; i < 6; i++)
        {
            camera.Add(browser.SendVp8Frame(keyframe: i == 0));
            screen.Add(browser.SendScreenVp8Frame(keyframe: i == 0));
            await Task.Delay(5);
        }

        await Eventually.TrueAsync(() => harness.Frames.Video.Count == 12, "all frames of both sections emitted");
        IReadOnlyList<FrameRecorder.Recorded> video = harness.Frames.Video;
        FrameRecorder.Recorded[] cameraFrames = [.. video.Where(f => f.Frame.Mid == "1")];
        FrameRecorder.Recorded[] screenFrames = [.. video.Where(f => f.Frame.Mid == "2")];
        Assert.Equal(camera, cameraFrames.Select(f => f.Payload));
        Assert.Equal(screen, screenFrames.Select(f => f.Payload));
        Assert.All(cameraFrames, f => Assert.Equal(TestBrowser.VideoSsrc, f.Frame.Ssrc));
        Assert.All(screenFrames, f => Assert.Equal(SdpFixtures.ScreenSsrc, f.Frame.Ssrc));
        Assert.Equal(0, harness.Session.Counters.PacketsLost);
    }
}
