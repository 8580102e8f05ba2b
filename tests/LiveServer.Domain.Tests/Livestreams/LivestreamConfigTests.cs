using LiveServer.Domain.Livestreams;

namespace LiveServer.Domain.Tests.Livestreams;

public sealed class LivestreamConfigTests
{
    [Theory]
    [InlineData(Quality.Low, Orientation.Landscape, 640, 360, 800)]
    [InlineData(Quality.Med, Orientation.Landscape, 1280, 720, 2500)]
    [InlineData(Quality.High, Orientation.Landscape, 1920, 1080, 4500)]
    [InlineData(Quality.Low, Orientation.Portrait, 360, 640, 800)]
    [InlineData(Quality.Med, Orientation.Portrait, 720, 1280, 2500)]
    [InlineData(Quality.High, Orientation.Portrait, 1080, 1920, 4500)]
    public void ToOutputFormat_QualityAndOrientation_MatchesDesignTable(
        Quality quality, Orientation orientation, int width, int height, int videoKbps)
    {
        var config = LivestreamConfig.Default with { Quality = quality, Orientation = orientation };

        var format = config.ToOutputFormat();

        Assert.Equal(width, format.Width);
        Assert.Equal(height, format.Height);
        Assert.Equal(30, format.Fps);
        Assert.Equal(videoKbps, format.VideoBitrateKbps);
    }

    [Fact]
    public void ToOutputFormat_Default_Is720pLandscape()
    {
        var format = LivestreamConfig.Default.ToOutputFormat();

        Assert.Equal((1280, 720, 30, 2500), (format.Width, format.Height, format.Fps, format.VideoBitrateKbps));
        Assert.True(format.AudioBitrateKbps > 0);
    }
}
