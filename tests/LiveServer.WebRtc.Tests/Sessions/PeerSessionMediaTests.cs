using LiveServer.WebRtc.Rtp;
using LiveServer.WebRtc.Sessions;

namespace LiveServer.WebRtc.Tests.Sessions;

/// <summary>A Chrome-shaped publisher over real UDP on loopback: ICE, DTLS-SRTP, VP8 and Opus frames.</summary>
public sealed class PeerSessionMediaTests
{
    [Fact]
    public async Task Publish_Vp8AndOpus_FramesArriveWholeInOrderWithKeyframeFlagAndLevels()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync();
        TestBrowser browser = harness.Browser;
        Assert.Equal(harness.Endpoint.Fingerprint, browser.Client.ServerFingerprint);
        Assert.True(harness.Session.HasVideo);
        Assert.True(harness.Session.HasAudio);
        Assert.Equal(browser.LocalEndPoint, harness.Session.RemoteEndPoint);

        var sent = new List<(byte[] Frame, bool Key)>();
        var sentAudio = new List<byte[]>();
        for (int i = 0; i < 12; i++)
        {
            bool key = i % 6 == 0;
            sent.Add((browser.SendVp8Frame(key, packets: 3 + (i % 3)), key));
            sentAudio.Add(browser.SendOpus((byte)(20 + i), voice: i % 2 == 0));
            await Task.Delay(5);
        }

        await Eventually.TrueAsync(() => harness.Frames.Video.Count == sent.Count && harness.Frames.Audio.Count == sentAudio.Count, "all frames emitted");
        IReadOnlyList<FrameRecorder.Recorded> video = harness.Frames.Video;
        for (int i = 0; i < sent.Count; i++)
        {
            Assert.Equal(sent[i].Frame, video[i].Payload);
            Assert.Equal(sent[i].Key, video[i].Frame.IsKeyframe);
            Assert.Equal(MediaCodec.Vp8, video[i].Frame.Codec);
            Assert.Equal(TestBrowser.VideoSsrc, video[i].Frame.Ssrc);
            Assert.Null(video[i].Frame.Level);
        }

        IReadOnlyList<FrameRecorder.Recorded> audio = harness.Frames.Audio;
        for (int i = 0; i < sentAudio.Count; i++)
        {
            Assert.Equal(sentAudio[i], audio[i].Payload);
            Assert.Equal(MediaCodec.Opus, audio[i].Frame.Codec);
            Assert.Equal(new AudioLevel((byte)(20 + i), i % 2 == 0), audio[i].Frame.Level);
        }

        PeerSessionCounters counters = harness.Session.Counters;
        int packets = Enumerable.Range(0, 12).Sum(i => 3 + (i % 3)) + 12;
        Assert.Equal(packets, counters.PacketsReceived);
        Assert.True(counters.BytesReceived > 12 * 900);
        Assert.Equal(2, counters.Keyframes);
        Assert.Equal(24, counters.FramesEmitted);
        Assert.Equal(0, counters.DecryptFailures);
        Assert.Equal(0, counters.PacketsLost);
        Assert.Equal(0, harness.Frames.ConcurrentCalls);
        await Eventually.TrueAsync(() => browser.ReceiverReports > 0 && !browser.RembBitrates.IsEmpty, "a receiver report with REMB");
        Assert.Equal(2_500_000UL, browser.RembBitrates.First(), 2_500_000UL / 1000);
        Assert.Equal(0, harness.Endpoint.Counters.Faults);
    }
}
