using LiveServer.Domain.Livestreams;
using LiveServer.Media.Video;

namespace LiveServer.Media.Tests.Video;

public sealed class ThemePaletteTests
{
    public static TheoryData<Theme> Themes => [.. Enum.GetValues<Theme>()];

    private static int LumaDifference(YuvColor a, YuvColor b) => Math.Abs(a.Y - b.Y);

    /// <summary>The label box's luma over a picture of luma <paramref name="under"/>.</summary>
    private static int LabelBoxOver(ThemePalette palette, int under) =>
        ((palette.LabelBackground.Y * palette.LabelOpacity) + (under * (255 - palette.LabelOpacity))) / 255;

    [Theory]
    [MemberData(nameof(Themes))]
    public void For_EveryTheme_LabelTextContrastsWithLabelBackground(Theme theme)
    {
        var palette = ThemePalette.For(theme);

        Assert.True(LumaDifference(palette.LabelText, palette.LabelBackground) >= 100, $"{theme}: label text on label box");
    }

    [Theory]
    [MemberData(nameof(Themes))]
    public void For_EveryTheme_LabelReadableOverBlackAndWhitePictures(Theme theme)
    {
        var palette = ThemePalette.For(theme);

        Assert.True(Math.Abs(palette.LabelText.Y - LabelBoxOver(palette, 16)) >= 100, $"{theme}: over black");
        Assert.True(Math.Abs(palette.LabelText.Y - LabelBoxOver(palette, 235)) >= 100, $"{theme}: over white");
    }

    [Theory]
    [MemberData(nameof(Themes))]
    public void For_EveryTheme_InitialsContrastWithPlaceholder(Theme theme)
    {
        var palette = ThemePalette.For(theme);

        Assert.True(LumaDifference(palette.LabelText, palette.Placeholder) >= 100, $"{theme}: initials on placeholder");
    }

    [Theory]
    [MemberData(nameof(Themes))]
    public void For_EveryTheme_AccentStandsOutFromBackgroundTileAndPlaceholder(Theme theme)
    {
        var palette = ThemePalette.For(theme);

        Assert.True(LumaDifference(palette.Accent, palette.Tile) >= 40, $"{theme}: accent on tile");
        Assert.True(LumaDifference(palette.Accent, palette.Background) >= 40, $"{theme}: accent on background");
        Assert.NotEqual(palette.Placeholder, palette.Accent);
        Assert.NotEqual(palette.Placeholder, palette.Tile);
    }

    [Fact]
    public void For_Themes_EachHasItsOwnColours()
    {
        var palettes = Enum.GetValues<Theme>().Select(ThemePalette.For).ToList();

        Assert.Equal(palettes.Count, palettes.Select(p => p.Background).Distinct().Count());
        Assert.Equal(palettes.Count, palettes.Select(p => p.Accent).Distinct().Count());
        Assert.Equal(palettes.Count, palettes.Select(p => p.Placeholder).Distinct().Count());
    }
}
