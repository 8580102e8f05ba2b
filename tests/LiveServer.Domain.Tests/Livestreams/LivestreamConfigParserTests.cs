using LiveServer.Domain.Livestreams;

namespace LiveServer.Domain.Tests.Livestreams;

public sealed class LivestreamConfigParserTests
{
    [Fact]
    public void Parse_NullInput_ReturnsDefaults()
    {
        var result = LivestreamConfigParser.Parse(null);

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        Assert.Equal(new LayoutConfig(LayoutType.Grid, LayoutPriority.Speaker, 4), result.Config!.Layout);
        Assert.Equal(Theme.Default, result.Config.Theme);
        Assert.Equal(StreamMode.VideoAndAudio, result.Config.Mode);
        Assert.Equal(Quality.Med, result.Config.Quality);
        Assert.Equal(Orientation.Landscape, result.Config.Orientation);
    }

    [Fact]
    public void Parse_EmptyInput_ReturnsDefaults()
    {
        var result = LivestreamConfigParser.Parse(new LivestreamConfigInput(new LayoutConfigInput()));

        Assert.True(result.IsValid);
        Assert.Equal(LivestreamConfig.Default, result.Config);
    }

    [Fact]
    public void Parse_NullInputWithBasis_ReturnsBasis()
    {
        var basis = LivestreamConfig.Default with { Theme = Theme.Dark, Quality = Quality.High };

        var result = LivestreamConfigParser.Parse(null, basis);

        Assert.Equal(basis, result.Config);
    }

    [Fact]
    public void Parse_EveryFieldSet_UsesEveryField()
    {
        var input = new LivestreamConfigInput(
            new LayoutConfigInput("SIDEBAR", "PIN", 3), "LIGHT", "audio", "high", "portrait");

        var result = LivestreamConfigParser.Parse(input);

        Assert.True(result.IsValid);
        Assert.Equal(
            new LivestreamConfig(
                new LayoutConfig(LayoutType.Sidebar, LayoutPriority.Pin, 3),
                Theme.Light,
                StreamMode.Audio,
                Quality.High,
                Orientation.Portrait),
            result.Config);
    }

    [Fact]
    public void Parse_ValuesInOtherCase_AcceptedCaseInsensitively()
    {
        var input = new LivestreamConfigInput(
            new LayoutConfigInput("spotlight", "pin", 2), "dark", "VIDEO-AND-AUDIO", "LOW", "Portrait");

        var result = LivestreamConfigParser.Parse(input);

        Assert.True(result.IsValid);
        Assert.Equal(LayoutType.Spotlight, result.Config!.Layout.Type);
        Assert.Equal(LayoutPriority.Pin, result.Config.Layout.Priority);
        Assert.Equal(Theme.Dark, result.Config.Theme);
        Assert.Equal(StreamMode.VideoAndAudio, result.Config.Mode);
        Assert.Equal(Quality.Low, result.Config.Quality);
        Assert.Equal(Orientation.Portrait, result.Config.Orientation);
    }

    [Theory]
    [InlineData("config.layout.type")]
    [InlineData("config.layout.priority")]
    [InlineData("config.layout.fit")]
    [InlineData("config.theme")]
    [InlineData("config.mode")]
    [InlineData("config.quality")]
    [InlineData("config.orientation")]
    public void Parse_OneInvalidValue_ErrorNamesThatField(string field)
    {
        var input = field switch
        {
            "config.layout.type" => new LivestreamConfigInput(new LayoutConfigInput(Type: "MOSAIC")),
            "config.layout.priority" => new LivestreamConfigInput(new LayoutConfigInput(Priority: "LOUDEST")),
            "config.layout.fit" => new LivestreamConfigInput(new LayoutConfigInput(Fit: "stretch")),
            "config.theme" => new LivestreamConfigInput(Theme: "NEON"),
            "config.mode" => new LivestreamConfigInput(Mode: "video"),
            "config.quality" => new LivestreamConfigInput(Quality: "ultra"),
            _ => new LivestreamConfigInput(Orientation: "square"),
        };

        var result = LivestreamConfigParser.Parse(input);

        Assert.False(result.IsValid);
        Assert.Null(result.Config);
        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Key);
        Assert.NotEmpty(Assert.Single(error.Value));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(26)]
    [InlineData(-1)]
    public void Parse_GridSizeOutOfRange_ErrorNamesGridSize(int gridSize)
    {
        var result = LivestreamConfigParser.Parse(new LivestreamConfigInput(new LayoutConfigInput(GridSize: gridSize)));

        Assert.False(result.IsValid);
        Assert.Null(result.Config);
        Assert.Equal(["config.layout.gridSize"], result.Errors.Keys);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(25)]
    public void Parse_GridSizeAtBounds_Accepted(int gridSize)
    {
        var result = LivestreamConfigParser.Parse(new LivestreamConfigInput(new LayoutConfigInput(GridSize: gridSize)));

        Assert.True(result.IsValid);
        Assert.Equal(gridSize, result.Config!.Layout.GridSize);
    }

    [Fact]
    public void Parse_InvalidErrorMessage_QuotesTheValueAndListsTheChoices()
    {
        var result = LivestreamConfigParser.Parse(new LivestreamConfigInput(Quality: "ultra"));

        var message = Assert.Single(result.Errors["config.quality"]);
        Assert.Contains("'ultra'", message, StringComparison.Ordinal);
        Assert.Contains("low", message, StringComparison.Ordinal);
        Assert.Contains("med", message, StringComparison.Ordinal);
        Assert.Contains("high", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralInvalidFields_ReportsEachOne()
    {
        var input = new LivestreamConfigInput(
            new LayoutConfigInput("MOSAIC", "LOUDEST", 26, "fill"), "NEON", "video", "ultra", "square");

        var result = LivestreamConfigParser.Parse(input);

        Assert.False(result.IsValid);
        Assert.Null(result.Config);
        Assert.Equal(
            new[]
            {
                "config.layout.fit", "config.layout.gridSize", "config.layout.priority", "config.layout.type",
                "config.mode", "config.orientation", "config.quality", "config.theme",
            },
            result.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_PartialInput_KeepsBasisValuesForMissingFields()
    {
        var basis = new LivestreamConfig(
            new LayoutConfig(LayoutType.Sidebar, LayoutPriority.Pin, 3),
            Theme.Dark,
            StreamMode.VideoAndAudio,
            Quality.High,
            Orientation.Portrait);

        var result = LivestreamConfigParser.Parse(
            new LivestreamConfigInput(new LayoutConfigInput(Type: "GRID"), Theme: "LIGHT"), basis);

        Assert.True(result.IsValid);
        Assert.Equal(
            basis with { Layout = basis.Layout with { Type = LayoutType.Grid }, Theme = Theme.Light },
            result.Config);
    }

    [Fact]
    public void Parse_OnlyGridSize_KeepsBasisTypeAndPriority()
    {
        var basis = LivestreamConfig.Default with { Layout = new LayoutConfig(LayoutType.Spotlight, LayoutPriority.Pin, 4) };

        var result = LivestreamConfigParser.Parse(new LivestreamConfigInput(new LayoutConfigInput(GridSize: 2)), basis);

        Assert.Equal(new LayoutConfig(LayoutType.Spotlight, LayoutPriority.Pin, 2), result.Config!.Layout);
    }

    [Fact]
    public void ToWire_EveryValue_ParsesBackToItself()
    {
        foreach (var type in Enum.GetValues<LayoutType>())
        {
            var parsed = LivestreamConfigParser.Parse(new LivestreamConfigInput(new LayoutConfigInput(Type: LivestreamConfigParser.ToWire(type))));
            Assert.Equal(type, parsed.Config!.Layout.Type);
        }

        foreach (var priority in Enum.GetValues<LayoutPriority>())
        {
            var parsed = LivestreamConfigParser.Parse(new LivestreamConfigInput(new LayoutConfigInput(Priority: LivestreamConfigParser.ToWire(priority))));
            Assert.Equal(priority, parsed.Config!.Layout.Priority);
        }

        foreach (var theme in Enum.GetValues<Theme>())
        {
            Assert.Equal(theme, LivestreamConfigParser.Parse(new LivestreamConfigInput(Theme: LivestreamConfigParser.ToWire(theme))).Config!.Theme);
        }

        foreach (var mode in Enum.GetValues<StreamMode>())
        {
            Assert.Equal(mode, LivestreamConfigParser.Parse(new LivestreamConfigInput(Mode: LivestreamConfigParser.ToWire(mode))).Config!.Mode);
        }

        foreach (var quality in Enum.GetValues<Quality>())
        {
            Assert.Equal(quality, LivestreamConfigParser.Parse(new LivestreamConfigInput(Quality: LivestreamConfigParser.ToWire(quality))).Config!.Quality);
        }

        foreach (var orientation in Enum.GetValues<Orientation>())
        {
            Assert.Equal(orientation, LivestreamConfigParser.Parse(new LivestreamConfigInput(Orientation: LivestreamConfigParser.ToWire(orientation))).Config!.Orientation);
        }
    }

    [Fact]
    public void ToWire_Values_UseTheContractNames()
    {
        Assert.Equal("GRID", LivestreamConfigParser.ToWire(LayoutType.Grid));
        Assert.Equal("SPOTLIGHT", LivestreamConfigParser.ToWire(LayoutType.Spotlight));
        Assert.Equal("SIDEBAR", LivestreamConfigParser.ToWire(LayoutType.Sidebar));
        Assert.Equal("SPEAKER", LivestreamConfigParser.ToWire(LayoutPriority.Speaker));
        Assert.Equal("PIN", LivestreamConfigParser.ToWire(LayoutPriority.Pin));
        Assert.Equal("DEFAULT", LivestreamConfigParser.ToWire(Theme.Default));
        Assert.Equal("video-and-audio", LivestreamConfigParser.ToWire(StreamMode.VideoAndAudio));
        Assert.Equal("audio", LivestreamConfigParser.ToWire(StreamMode.Audio));
        Assert.Equal("med", LivestreamConfigParser.ToWire(Quality.Med));
        Assert.Equal("portrait", LivestreamConfigParser.ToWire(Orientation.Portrait));
    }

    [Fact]
    public void Parse_GridSizeOutOfRange_MessageNamesTheRange()
    {
        var result = LivestreamConfigParser.Parse(new LivestreamConfigInput(new LayoutConfigInput(GridSize: 26)));

        Assert.Equal("gridSize must be between 1 and 25.", Assert.Single(result.Errors["config.layout.gridSize"]));
    }

    [Theory]
    [InlineData("cover", TileFit.Cover)]
    [InlineData("CONTAIN", TileFit.Contain)]
    [InlineData(" Contain ", TileFit.Contain)]
    public void Parse_Fit_AcceptedCaseInsensitively(string fit, TileFit expected)
    {
        var result = LivestreamConfigParser.Parse(new LivestreamConfigInput(new LayoutConfigInput(Fit: fit)));

        Assert.True(result.IsValid);
        Assert.Equal(expected, result.Config!.Layout.Fit);
    }

    [Fact]
    public void Parse_NoFit_NullMeaningTheDefault()
    {
        Assert.Null(LivestreamConfigParser.Parse(new LivestreamConfigInput(new LayoutConfigInput(Type: "GRID"))).Config!.Layout.Fit);
        Assert.Null(LivestreamConfigParser.Parse(null).Config!.Layout.Fit);
    }

    [Fact]
    public void Parse_OtherLayoutFieldOnly_KeepsTheBasisFit()
    {
        var basis = LivestreamConfig.Default with { Layout = LivestreamConfig.Default.Layout with { Fit = TileFit.Contain } };

        var result = LivestreamConfigParser.Parse(new LivestreamConfigInput(new LayoutConfigInput(GridSize: 9)), basis);

        Assert.Equal(new LayoutConfig(LayoutType.Grid, LayoutPriority.Speaker, 9, TileFit.Contain), result.Config!.Layout);
    }

    [Fact]
    public void Parse_BadFit_ErrorListsTheValues()
    {
        var result = LivestreamConfigParser.Parse(new LivestreamConfigInput(new LayoutConfigInput(Fit: "fill")));

        Assert.Equal("'fill' is not one of cover, contain.", Assert.Single(result.Errors["config.layout.fit"]));
    }

    [Theory]
    [InlineData(TileFit.Cover, "cover")]
    [InlineData(TileFit.Contain, "contain")]
    public void ToWire_Fit_LowerCaseName(TileFit fit, string expected)
    {
        Assert.Equal(expected, LivestreamConfigParser.ToWire(fit));
    }
}
