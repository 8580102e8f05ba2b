using LiveServer.Domain.Livestreams;

namespace LiveServer.Domain.Tests.Livestreams;

/// <summary><c>config.overlays</c>: booleans onto the basis, both off by default, unknown members named.</summary>
public sealed class OverlayConfigParserTests
{
    [Fact]
    public void Parse_NoOverlays_BothOff()
    {
        var result = LivestreamConfigParser.Parse(new LivestreamConfigInput(Quality: "low"));

        Assert.Equal(OverlayConfig.None, result.Config!.Overlays);
        Assert.False(result.Config.Overlays.Any);
    }

    [Fact]
    public void Parse_OneOverlay_KeepsTheOtherFromTheBasis()
    {
        var basis = LivestreamConfig.Default with { Overlays = new OverlayConfig(Reactions: true, Poll: false) };

        var result = LivestreamConfigParser.Parse(new LivestreamConfigInput(Overlays: new OverlaysConfigInput(Poll: true)), basis);

        Assert.True(result.IsValid);
        Assert.Equal(new OverlayConfig(Reactions: true, Poll: true), result.Config!.Overlays);
    }

    [Fact]
    public void Parse_UnknownOverlay_ErrorNamesIt()
    {
        var input = new LivestreamConfigInput(Overlays: new OverlaysConfigInput(Poll: true) { Unknown = new Dictionary<string, object> { ["chat"] = true } });

        var result = LivestreamConfigParser.Parse(input);

        Assert.Null(result.Config);
        Assert.Equal(["config.overlays.chat"], result.Errors.Keys);
    }
}
