using LiveServer.Domain.Livestreams;
using LiveServer.Media.Compositing;
using LiveServer.Media.Decoding;
using LiveServer.Media.Layout;
using LiveServer.Media.Tests.TestKit;
using LiveServer.Media.Video;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveServer.Media.Tests.Compositing;

public sealed class CompositorTests
{
    private static readonly OutputFormat Format = new(640, 360, 30, 800, 128);
    private static readonly YuvColor Red = YuvColor.FromRgb(255, 0, 0);

    private static Compositor NewCompositor(bool audioOnly = false) =>
        new(Format, audioOnly, TimeProvider.System, NullLogger.Instance);

    private static I420Image NewCanvas() =>
        Pictures.Solid(Format.Width, Format.Height, new YuvColor(0, 0, 0));

    /// <summary>A point in a tile's placeholder circle, under its initials.</summary>
    private static YuvColor BelowCentre(I420Image canvas, PixelRect tile) =>
        Pictures.At(canvas, tile.X + (tile.Width / 2), tile.Y + (tile.Height / 2) + (Math.Min(tile.Width, tile.Height) * 16 / 100));

    private static IReadOnlyList<PixelRect> GridTiles(int count) =>
        LayoutEngine.Arrange(new LayoutConfig(LayoutType.Grid, LayoutPriority.Speaker, 4), Format.Width, Format.Height, count);

    [Theory]
    [InlineData(Theme.Dark)]
    [InlineData(Theme.Light)]
    [InlineData(Theme.Default)]
    public void Render_Scene_CanvasCornersHaveTheThemeBackground(Theme theme)
    {
        var palette = ThemePalette.For(theme);
        var tiles = GridTiles(2);
        var compositor = NewCompositor();
        compositor.SetScene(new CompositorScene(
            [new SceneTile(tiles[0], StillPicture.Solid(64, 36, Red)), new SceneTile(tiles[1], null)], palette, []));
        var canvas = NewCanvas();

        compositor.Render(canvas);

        Assert.Equal(palette.Background, Pictures.At(canvas, 0, 0));
        Assert.Equal(palette.Background, Pictures.At(canvas, Format.Width - 1, Format.Height - 1));
        Assert.Equal(palette.Background, Pictures.At(canvas, tiles[0].X + tiles[0].Width + 1, Format.Height / 2));
    }

    [Fact]
    public void Render_TileWithPicture_TileCentreHasThePictureColourOthersThePlaceholder()
    {
        var palette = ThemePalette.For(Theme.Dark);
        var tiles = GridTiles(3);
        var compositor = NewCompositor();
        compositor.SetScene(new CompositorScene(
            [
                new SceneTile(tiles[0], StillPicture.Solid(320, 180, Red)),
                new SceneTile(tiles[1], new StillPicture(null)),
                new SceneTile(tiles[2], null),
            ],
            palette,
            []));
        var canvas = NewCanvas();

        compositor.Render(canvas);

        Assert.Equal(Red, Pictures.AtCentre(canvas, tiles[0]));
        Assert.Equal(palette.Placeholder, BelowCentre(canvas, tiles[1]));
        Assert.Equal(palette.Placeholder, BelowCentre(canvas, tiles[2]));
        Assert.Equal(palette.Tile, Pictures.At(canvas, tiles[2].X + 4, tiles[2].Y + 4));
    }

    [Fact]
    public void Render_PictureNotPublishedYet_Placeholder()
    {
        var palette = ThemePalette.For(Theme.Light);
        var tile = GridTiles(1)[0];
        var compositor = NewCompositor();
        compositor.SetScene(new CompositorScene([new SceneTile(tile, new StillPicture(new DecodedPicture(64, 36)), "Ada")], palette, []));
        var canvas = NewCanvas();

        compositor.Render(canvas);

        Assert.Equal(palette.Placeholder, BelowCentre(canvas, tile));
        Assert.Equal(palette.Tile, Pictures.At(canvas, tile.X + 4, tile.Y + 4));
    }

    [Fact]
    public void Render_NarrowPictureInWideTile_PillarboxShowsTileColour()
    {
        var palette = ThemePalette.For(Theme.Default);
        var tile = GridTiles(1)[0];
        var compositor = NewCompositor();
        compositor.SetScene(new CompositorScene([new SceneTile(tile, StillPicture.Solid(48, 48, Red), Fit: TileFit.Contain)], palette, []));
        var canvas = NewCanvas();

        compositor.Render(canvas);

        Assert.Equal(Red, Pictures.AtCentre(canvas, tile));
        Assert.Equal(palette.Tile, Pictures.At(canvas, tile.X + 2, tile.Y + (tile.Height / 2)));
        Assert.Equal(palette.Tile, Pictures.At(canvas, tile.X + tile.Width - 2, tile.Y + (tile.Height / 2)));
    }

    [Fact]
    public void Render_NoSceneSet_DefaultThemeBackgroundEverywhere()
    {
        var background = ThemePalette.For(Theme.Default).Background;
        var canvas = NewCanvas();

        NewCompositor().Render(canvas);

        Assert.Empty(Pictures.Mismatches(canvas, (_, _) => background));
    }

    [Fact]
    public void SetScene_Replaced_NextRenderUsesTheNewScene()
    {
        var tiles = GridTiles(1);
        var compositor = NewCompositor();
        compositor.SetScene(new CompositorScene([new SceneTile(tiles[0], StillPicture.Solid(64, 36, Red))], ThemePalette.For(Theme.Dark), []));
        var canvas = NewCanvas();
        compositor.Render(canvas);

        compositor.SetScene(new CompositorScene([], ThemePalette.For(Theme.Light), []));
        compositor.Render(canvas);

        Assert.Equal(ThemePalette.For(Theme.Light).Background, Pictures.AtCentre(canvas, tiles[0]));
    }

    [Fact]
    public void TickRate_VideoAndAudioOnly_FrameRateOr50()
    {
        Assert.Equal(30, NewCompositor().TickRate);
        Assert.Equal(50, NewCompositor(audioOnly: true).TickRate);
        Assert.Equal((1600 + 1) * 2 * sizeof(short), NewCompositor().MaxAudioChunkBytes);
    }

    [Fact]
    public void ThemePalette_EveryTheme_BackgroundDiffersFromTile()
    {
        foreach (var theme in Enum.GetValues<Theme>())
        {
            var palette = ThemePalette.For(theme);
            Assert.NotEqual(palette.Background, palette.Tile);
        }

        Assert.NotEqual(ThemePalette.For(Theme.Dark).Background, ThemePalette.For(Theme.Light).Background);
    }
}
