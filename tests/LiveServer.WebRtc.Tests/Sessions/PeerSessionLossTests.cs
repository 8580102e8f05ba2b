using LiveServer.WebRtc.Sessions;
using Xunit.Abstractions;

namespace LiveServer.WebRtc.Tests.Sessions;

/// <summary>Loss, NACK with RTX repair, PLI when repair fails, and the 16-bit sequence wrap.</summary>
public sealed class PeerSessionLossTests(ITestOutputHelper output)
{
    [Fact]
    public async Task InboundLoss_TenPercent_NacksRepairWithRtxAndOnlyWholeFramesComeOut()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync(o => o.InboundRtpLossPercent = 10);
        TestBrowser browser = harness.Browser;
        for (int i = 0; i < 80; i++)
        {
            browser.SendNextVp8Frame(keyframe: i % 20 == 0, packets: 4);
            await Task.Delay(8);
        }

        await Eventually.TrueAsync(() => harness.Session.Counters.FramesEmitted + harness.Session.Counters.FramesDiscarded >= 70, "most frames accounted for");
        await Task.Delay(400);

        PeerSessionCounters counters = harness.Session.Counters;
        output.WriteLine(counters.ToString());
        output.WriteLine($"frames emitted {harness.Frames.Video.Count}, PLIs received {browser.PliSsrcs.Count}");
        Assert.True(counters.PacketsDroppedForTest > 10, $"dropped {counters.PacketsDroppedForTest}");
        Assert.True(counters.NacksSent > 0);
        Assert.True(counters.NackedPackets >= counters.NacksSent);
        Assert.True(counters.RetransmissionsReceived > 0);
        Assert.NotEmpty(browser.NackedSequenceNumbers);
        Assert.True(browser.Retransmissions > 0);

        // Every frame that came out is a whole frame that was sent, in RTP timestamp order.
        IReadOnlyList<FrameRecorder.Recorded> video = harness.Frames.Video;
        Assert.True(video.Count >= 50, $"only {video.Count} of 80 frames emitted; {counters}");
        uint previous = 0;
        foreach (FrameRecorder.Recorded recorded in video)
        {
            Assert.True(browser.SentVideo.TryGetValue(recorded.Frame.RtpTimestamp, out var sent));
            Assert.Equal(sent.Frame, recorded.Payload);
            Assert.Equal(sent.Key, recorded.Frame.IsKeyframe);
            Assert.True(recorded.Frame.RtpTimestamp > previous);
            previous = recorded.Frame.RtpTimestamp;
        }

        Assert.Equal(0, harness.Frames.ConcurrentCalls);
    }

    [Fact]
    public async Task LossNotRepaired_NackGivesUp_PliSentAndBrokenFramesNeverEmitted()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync();
        TestBrowser browser = harness.Browser;
        await harness.PrimeVideoAsync();
        Assert.Empty(browser.PliSsrcs);

        ushort lost = (ushort)(browser.VideoSequence + 4);
        browser.DropVideo = sequence => sequence == lost;
        browser.Retransmit = sequence => sequence != lost;
        byte[] before = browser.SendVp8Frame(keyframe: false);
        byte[] broken = browser.SendVp8Frame(keyframe: false);
        byte[] after = browser.SendVp8Frame(keyframe: false);

        await Eventually.TrueAsync(() => browser.PliSsrcs.Contains(TestBrowser.VideoSsrc), "a PLI for the video SSRC");
        Assert.Contains(lost, browser.NackedSequenceNumbers);
        PeerSessionCounters counters = harness.Session.Counters;
        Assert.True(counters.PlisSent >= 1);
        Assert.True(counters.PacketsLost >= 1);
        Assert.True(counters.FramesDiscarded >= 1);

        // The publisher answers the PLI with a keyframe; the stream resumes there.
        byte[] keyframe = browser.SendVp8Frame(keyframe: true);
        await Eventually.TrueAsync(() => harness.Frames.Video.Count >= 3, "the keyframe after the PLI");
        IReadOnlyList<FrameRecorder.Recorded> video = harness.Frames.Video;
        Assert.Equal(before, video[1].Payload);
        Assert.Equal(keyframe, video[^1].Payload);
        Assert.DoesNotContain(video, f => f.Payload.AsSpan().SequenceEqual(broken) || f.Payload.AsSpan().SequenceEqual(after));
    }

    [Fact]
    public async Task SequenceWrap_StartAt65500_FramesKeepComing()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync();
        TestBrowser browser = harness.Browser;
        browser.VideoSequence = 65500;
        var sent = new List<byte[]>();
        for (int i = 0; i < 30; i++)
        {
            sent.Add(browser.SendVp8Frame(keyframe: i == 0, packets: 3));
            await Task.Delay(2);
        }

        Assert.True(browser.VideoSequence < 100);
        await Eventually.TrueAsync(() => harness.Frames.Video.Count == sent.Count, "every frame across the wrap");
        Assert.Equal(sent, harness.Frames.Video.Select(f => f.Payload));
        Assert.Equal(0, harness.Session.Counters.PacketsLost);
        Assert.Equal(0, harness.Session.Counters.NacksSent);
    }

    [Fact]
    public async Task UndeclaredSsrcs_RoutedByMidAndPayloadType_RtxRepairsTheOnlyVideoStream()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync(declareSsrcs: false);
        TestBrowser browser = harness.Browser;
        browser.SendMid = true;
        await harness.PrimeVideoAsync();
        ushort lost = (ushort)(browser.VideoSequence + 1);
        bool dropped = false;
        browser.DropVideo = sequence => sequence == lost && !dropped && (dropped = true);
        byte[] repaired = browser.SendVp8Frame(keyframe: false);
        byte[] opus = browser.SendOpus(30, voice: true);

        await Eventually.TrueAsync(() => harness.Frames.Video.Count == 2 && harness.Frames.Audio.Count == 1, "the repaired frame and the Opus frame");
        Assert.Equal(repaired, harness.Frames.Video[1].Payload);
        Assert.Equal(opus, harness.Frames.Audio[0].Payload);
        Assert.Equal(1, harness.Session.Counters.RetransmissionsReceived);
    }
}
