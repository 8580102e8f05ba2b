using LiveServer.Domain.Livestreams;

namespace LiveServer.Domain.Tests.Livestreams;

/// <summary>The adaptive ladder of a config: the config's quality on top, every lower rung below it, portrait sides swapped, audio mode one AAC rendition.</summary>
public sealed class RenditionTests
{
    [Theory]
    [InlineData(Quality.High, new[] { "1080p", "720p", "360p" }, new[] { 1920, 1280, 640 }, new[] { 1080, 720, 360 }, new[] { 4500, 2500, 800 })]
    [InlineData(Quality.Med, new[] { "720p", "360p" }, new[] { 1280, 640 }, new[] { 720, 360 }, new[] { 2500, 800 })]
    [InlineData(Quality.Low, new[] { "360p" }, new[] { 640 }, new[] { 360 }, new[] { 800 })]
    public void LadderFor_Landscape_TopRungAndEveryLowerOne(Quality quality, string[] names, int[] widths, int[] heights, int[] kbps)
    {
        var ladder = Rendition.LadderFor(LivestreamConfig.Default with { Quality = quality });

        Assert.Equal(names, ladder.Select(r => r.Name));
        Assert.Equal(widths, ladder.Select(r => r.Format.Width));
        Assert.Equal(heights, ladder.Select(r => r.Format.Height));
        Assert.Equal(kbps, ladder.Select(r => r.Format.VideoBitrateKbps));
        Assert.All(ladder, r => Assert.False(r.AudioOnly));
        Assert.All(ladder, r => Assert.Equal(30, r.Format.Fps));
    }

    [Theory]
    [InlineData(Quality.High, new[] { "1080p", "720p", "360p" }, new[] { 1080, 720, 360 }, new[] { 1920, 1280, 640 })]
    [InlineData(Quality.Med, new[] { "720p", "360p" }, new[] { 720, 360 }, new[] { 1280, 640 })]
    [InlineData(Quality.Low, new[] { "360p" }, new[] { 360 }, new[] { 640 })]
    public void LadderFor_Portrait_SidesSwappedNamesByTheShortSide(Quality quality, string[] names, int[] widths, int[] heights)
    {
        var ladder = Rendition.LadderFor(LivestreamConfig.Default with { Quality = quality, Orientation = Orientation.Portrait });

        Assert.Equal(names, ladder.Select(r => r.Name));
        Assert.Equal(widths, ladder.Select(r => r.Format.Width));
        Assert.Equal(heights, ladder.Select(r => r.Format.Height));
    }

    [Theory]
    [InlineData(Quality.High, Orientation.Landscape)]
    [InlineData(Quality.Med, Orientation.Portrait)]
    [InlineData(Quality.Low, Orientation.Landscape)]
    public void LadderFor_AnyVideoConfig_TopRungIsTheConfigsOutputFormat(Quality quality, Orientation orientation)
    {
        var config = LivestreamConfig.Default with { Quality = quality, Orientation = orientation };

        Assert.Equal(config.ToOutputFormat(), Rendition.LadderFor(config)[0].Format);
    }

    [Theory]
    [InlineData(Quality.High)]
    [InlineData(Quality.Low)]
    public void LadderFor_AudioMode_OneAudioOnlyRenditionWithTheConfigsFormat(Quality quality)
    {
        var config = LivestreamConfig.Default with { Mode = StreamMode.Audio, Quality = quality };

        var rendition = Assert.Single(Rendition.LadderFor(config));

        Assert.Equal("audio", rendition.Name);
        Assert.True(rendition.AudioOnly);
        Assert.Equal(config.ToOutputFormat(), rendition.Format);
        Assert.Equal(128, rendition.Format.AudioBitrateKbps);
    }

    [Fact]
    public void LadderFor_EveryRung_SameFrameRateAndAudioBitrate()
    {
        var ladder = Rendition.LadderFor(LivestreamConfig.Default with { Quality = Quality.High });

        Assert.Single(ladder.Select(r => (r.Format.Fps, r.Format.AudioBitrateKbps)).Distinct());
    }

    [Fact]
    public void LadderFor_Null_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => Rendition.LadderFor(null!));
    }
}
