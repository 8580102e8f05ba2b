using LiveServer.Domain.Livestreams;
using LiveServer.Media.Cmaf;
using LiveServer.Media.Encoding;

namespace LiveServer.Media.Tests.Cmaf;

/// <summary>
/// The real FFmpeg's fragmented MP4, muxed as the encoder muxes it, read by our reader: parts of the
/// part length, keyframes on segment boundaries only, contiguous timing, no AAC priming in the first part.
/// </summary>
public sealed class FfmpegFragmentTests
{
    private static readonly TimeSpan Part = TimeSpan.FromMilliseconds(200);
    private static readonly Rendition Video = Rendition.LadderFor(LivestreamConfig.Default with { Quality = Quality.Low })[0];
    private static readonly Rendition Audio = Rendition.LadderFor(LivestreamConfig.Default with { Mode = StreamMode.Audio })[0];

    // Encoded once for the tests that look at it.
    private static readonly Lazy<Task<CmafTestClip.Clip>> VideoClip = new(() => CmafTestClip.EncodeAsync(Video, Part, seconds: 4.5));

    [Fact]
    public async Task Video_FourAndAHalfSeconds_SixFramePartsKeyframesEveryTwoSeconds()
    {
        var clip = await VideoClip.Value;
        var fragments = clip.Fragments;

        Assert.Matches("^avc1\\.4d[0-9a-f]{4},mp4a\\.40\\.2$", clip.Init.Codecs); // main profile, as asked
        Assert.True(clip.Init.LeadTrack.IsVideo);
        Assert.Equal(23, fragments.Count); // 135 frames: 22 parts of 6 and one of 3
        Assert.All(fragments, f => Assert.Equal(clip.Init.LeadTrack.Timescale, f.Timescale));
        var timescale = fragments[0].Timescale;
        Assert.All(fragments.SkipLast(1), f => Assert.Equal(6ul * timescale, f.Duration * 30));
        Assert.InRange(fragments[^1].Duration * 30, 1ul * timescale, 6ul * timescale);
        Assert.Equal(135ul * timescale, fragments.Aggregate(0ul, (sum, f) => sum + f.Duration) * 30);
        Assert.Equal([0, 10, 20], fragments.Select((f, i) => (f, i)).Where(p => p.f.Independent).Select(p => p.i));
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], fragments.Where(f => f.Independent).Select(f => f.StartTime));
    }

    [Fact]
    public async Task Video_Starts_ContiguousFromZeroWithAFirstPartOfTheFullLength()
    {
        var fragments = (await VideoClip.Value).Fragments;

        Assert.Equal(0ul, fragments[0].Start);
        Assert.Equal(TimeSpan.FromSeconds(0.2), fragments[0].DurationTime); // AAC priming did not stretch the first frame
        for (var i = 1; i < fragments.Count; i++)
        {
            Assert.Equal(fragments[i - 1].Start + fragments[i - 1].Duration, fragments[i].Start);
        }
    }

    [Fact]
    public async Task AudioOnly_EveryPartIndependentAndNoLongerThanThePartLength()
    {
        var clip = await CmafTestClip.EncodeAsync(Audio, Part, seconds: 2);
        var fragments = clip.Fragments;
        var part = PartLength.For(Audio, Part);

        Assert.Equal("mp4a.40.2", clip.Init.Codecs);
        Assert.Equal(48_000u, clip.Init.LeadTrack.Timescale);
        Assert.True(fragments.Count >= 9, $"{fragments.Count} parts");
        Assert.All(fragments, f => Assert.True(f.Independent));
        Assert.All(fragments, f => Assert.InRange(f.DurationTime, TimeSpan.FromTicks(1), part));
        Assert.All(fragments.SkipLast(1), f => Assert.Equal(9ul * PartLength.AacFrameSamples, f.Duration));
        for (var i = 1; i < fragments.Count; i++)
        {
            Assert.Equal(fragments[i - 1].Start + fragments[i - 1].Duration, fragments[i].Start);
        }
    }
}
