using LiveServer.Domain.Livestreams;
using LiveServer.Media.Compositing;
using LiveServer.Media.Decoding;
using LiveServer.Media.Layout;
using LiveServer.Media.Tests.TestKit;
using LiveServer.Media.Video;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;

namespace LiveServer.Media.Tests.Compositing;

/// <summary>Name labels, placeholders with initials, the speaking border and thumbnails.</summary>
public sealed class CompositorArtworkTests
{
    private static readonly OutputFormat Low = new(640, 360, 30, 800, 128);
    private static readonly YuvColor Red = YuvColor.FromRgb(220, 30, 30);

    public static TheoryData<Theme> Themes => [.. Enum.GetValues<Theme>()];

    private static StillPicture Solid(int width, int height, YuvColor color) => StillPicture.Solid(width, height, color);

    private static Compositor NewCompositor(OutputFormat? format = null) =>
        new(format ?? Low, audioOnly: false, TimeProvider.System, NullLogger.Instance);

    private static I420Image Render(Compositor compositor, OutputFormat? format = null)
    {
        var f = format ?? Low;
        var canvas = Pictures.Solid(f.Width, f.Height, new YuvColor(0, 0, 0));
        compositor.Render(canvas);
        return canvas;
    }

    private static IReadOnlyList<PixelRect> Grid(int count, OutputFormat? format = null) =>
        LayoutEngine.Arrange(new LayoutConfig(LayoutType.Grid, LayoutPriority.Speaker, 4), (format ?? Low).Width, (format ?? Low).Height, count);

    /// <summary>Pixels of <paramref name="rect"/> whose luma is exactly <paramref name="luma"/>.</summary>
    private static int CountLuma(I420Image canvas, PixelRect rect, byte luma)
    {
        var count = 0;
        for (var y = rect.Y; y < rect.Y + rect.Height; y++)
        {
            for (var x = rect.X; x < rect.X + rect.Width; x++)
            {
                count += canvas.YPlane[(y * canvas.Width) + x] == luma ? 1 : 0;
            }
        }

        return count;
    }

    private static PixelRect BottomLeftQuarter(PixelRect tile) =>
        new(tile.X, tile.Y + (tile.Height * 3 / 4), tile.Width / 2, tile.Height / 4);

    private static PixelRect TopHalf(PixelRect tile) => tile with { Height = tile.Height / 2 };

    [Theory]
    [MemberData(nameof(Themes))]
    public void Render_NamedTile_LabelTextInTheBottomLeftAndNothingOutsideTheTile(Theme theme)
    {
        var palette = ThemePalette.For(theme);
        var tile = Grid(1)[0];
        var compositor = NewCompositor();
        compositor.SetScene(new CompositorScene([new SceneTile(tile, Solid(640, 360, Red), "Alice Wonderland")], palette, []));

        var canvas = Render(compositor);

        Assert.True(Pictures.CountOf(canvas, BottomLeftQuarter(tile), palette.LabelText) > 20, "label text pixels in the label box");
        Assert.Equal(0, CountLuma(canvas, TopHalf(tile), palette.LabelText.Y));
        Assert.Empty(Pictures.Mismatches(canvas, (x, y) => Pictures.Contains(tile, x, y) ? Pictures.At(canvas, x, y) : palette.Background));
    }

    [Fact]
    public void Render_NamedTileOnAPicture_LabelBoxDarkensThePictureBehindTheName()
    {
        var palette = ThemePalette.For(Theme.Dark);
        var tile = Grid(1)[0];
        var white = YuvColor.FromRgb(255, 255, 255);
        var compositor = NewCompositor();
        compositor.SetScene(new CompositorScene([new SceneTile(tile, Solid(640, 360, white), "Alice Wonderland")], palette, []));

        var canvas = Render(compositor);

        var quarter = BottomLeftQuarter(tile);
        var darker = 0;
        for (var x = quarter.X; x < quarter.X + quarter.Width; x++)
        {
            darker += canvas.YPlane[((tile.Y + tile.Height - 16) * canvas.Width) + x] < 120 ? 1 : 0;
        }

        Assert.True(darker > 50, "the label box covers the picture under the name");
        Assert.Equal(white, Pictures.At(canvas, tile.X + tile.Width - 20, tile.Y + tile.Height - 16));
    }

    [Fact]
    public void Render_SmallGridTiles_EveryNamedTileHasLabelTextAtTheLowestQuality()
    {
        var palette = ThemePalette.For(Theme.Default);
        var tiles = Grid(4);
        var compositor = NewCompositor();
        compositor.SetScene(new CompositorScene(
            [.. tiles.Select((tile, i) => new SceneTile(tile, i % 2 == 0 ? Solid(320, 180, Red) : null, $"Participant {i}"))], palette, []));

        var canvas = Render(compositor);

        foreach (var tile in tiles)
        {
            Assert.True(CountLuma(canvas, BottomLeftQuarter(tile), palette.LabelText.Y) > 10, $"label in {tile}");
        }
    }

    [Fact]
    public void Render_UnnamedTile_NoLabel()
    {
        var palette = ThemePalette.For(Theme.Dark);
        var tile = Grid(1)[0];
        var compositor = NewCompositor();
        compositor.SetScene(new CompositorScene([new SceneTile(tile, Solid(640, 360, Red), "")], palette, []));

        var canvas = Render(compositor);

        Assert.Equal(0, CountLuma(canvas, tile, palette.LabelText.Y));
    }

    [Fact]
    public void Render_VeryLongName_LabelStaysInsideTheTile()
    {
        var palette = ThemePalette.For(Theme.Light);
        var tiles = Grid(2);
        var compositor = NewCompositor();
        compositor.SetScene(new CompositorScene(
            [new SceneTile(tiles[0], Solid(320, 180, Red), string.Concat(Enumerable.Repeat("Bartholomew ", 20))), new SceneTile(tiles[1], null)],
            palette,
            []));

        var canvas = Render(compositor);

        var right = tiles[0] with { X = tiles[0].X + tiles[0].Width - 6, Width = 6 };
        Assert.Equal(0, CountLuma(canvas, right, palette.LabelText.Y));
        Assert.True(CountLuma(canvas, BottomLeftQuarter(tiles[0]), palette.LabelText.Y) > 10);
        Assert.Equal(0, CountLuma(canvas, BottomLeftQuarter(tiles[1]), palette.LabelText.Y));
    }

    [Theory]
    [MemberData(nameof(Themes))]
    public void Render_TileWithoutPicture_PlaceholderCircleWithInitials(Theme theme)
    {
        var palette = ThemePalette.For(theme);
        var tiles = Grid(2);
        var compositor = NewCompositor();
        compositor.SetScene(new CompositorScene(
            [new SceneTile(tiles[0], null, "Ada Lovelace"), new SceneTile(tiles[1], new StillPicture(null), "Grace Hopper")], palette, []));

        var canvas = Render(compositor);

        foreach (var tile in tiles)
        {
            var side = Math.Min(tile.Width, tile.Height);
            var centreX = tile.X + (tile.Width / 2);
            var centreY = tile.Y + (tile.Height / 2);
            var circle = new PixelRect(centreX - (side / 5), centreY - (side / 5), side * 2 / 5, side * 2 / 5);
            Assert.Equal(palette.Placeholder, Pictures.At(canvas, centreX, centreY + (side * 16 / 100)));
            Assert.Equal(palette.Placeholder, Pictures.At(canvas, centreX - (side * 16 / 100), centreY));
            Assert.True(CountLuma(canvas, circle, palette.LabelText.Y) > 30, $"initials in {tile}");
            Assert.Equal(palette.Tile, Pictures.At(canvas, tile.X + 4, tile.Y + 4));
        }
    }

    [Fact]
    public void Render_TileWithPicture_NoPlaceholder()
    {
        var palette = ThemePalette.For(Theme.Dark);
        var tile = Grid(1)[0];
        var compositor = NewCompositor();
        compositor.SetScene(new CompositorScene([new SceneTile(tile, Solid(640, 360, Red), "Ada Lovelace")], palette, []));

        var canvas = Render(compositor);

        Assert.Equal(0, CountLuma(canvas, TopHalf(tile), palette.Placeholder.Y));
        Assert.Equal(Red, Pictures.AtCentre(canvas, tile));
    }

    [Theory]
    [MemberData(nameof(Themes))]
    public void Render_SpeakingTile_AccentBorderOnItsEdgeOnly(Theme theme)
    {
        var palette = ThemePalette.For(theme);
        var tiles = Grid(2);
        var compositor = NewCompositor();
        compositor.SetScene(new CompositorScene(
            [
                new SceneTile(tiles[0], Solid(16, 48, Red), "Ada", Speaking: true, Fit: TileFit.Contain),
                new SceneTile(tiles[1], Solid(16, 48, Red), "Bob", Fit: TileFit.Contain),
            ],
            palette,
            []));

        var canvas = Render(compositor);

        var speaking = tiles[0];
        var middleY = speaking.Y + (speaking.Height / 2);
        var middleX = speaking.X + (speaking.Width / 2);
        Assert.Equal(palette.Accent, Pictures.At(canvas, speaking.X, middleY));
        Assert.Equal(palette.Accent, Pictures.At(canvas, speaking.X + 1, middleY));
        Assert.Equal(palette.Accent, Pictures.At(canvas, speaking.X + speaking.Width - 1, middleY));
        Assert.Equal(palette.Accent, Pictures.At(canvas, middleX, speaking.Y));
        Assert.Equal(palette.Accent, Pictures.At(canvas, middleX, speaking.Y + speaking.Height - 1));
        Assert.Equal(palette.Tile, Pictures.At(canvas, speaking.X + 2, middleY));
        Assert.Equal(Red, Pictures.AtCentre(canvas, speaking));
        Assert.Equal(0, Pictures.CountOf(canvas, tiles[1], palette.Accent));
        Assert.Equal(palette.Background, Pictures.At(canvas, speaking.X - 1, middleY));
    }

    [Fact]
    public void Render_SpeakingAt1080p_BorderSixPixels()
    {
        var high = new OutputFormat(1920, 1080, 30, 4500, 128);
        var palette = ThemePalette.For(Theme.Dark);
        var tile = Grid(1, high)[0];
        var compositor = NewCompositor(high);
        compositor.SetScene(new CompositorScene([new SceneTile(tile, null, "Ada", Speaking: true)], palette, []));

        var canvas = Render(compositor, high);

        var middleY = tile.Y + (tile.Height / 2);
        Assert.Equal(palette.Accent, Pictures.At(canvas, tile.X + 5, middleY));
        Assert.Equal(palette.Tile, Pictures.At(canvas, tile.X + 6, middleY));
    }

    [Theory]
    [MemberData(nameof(Themes))]
    public void Render_EveryTheme_BackgroundAtTheCorners(Theme theme)
    {
        var palette = ThemePalette.For(theme);
        var compositor = NewCompositor();
        compositor.SetScene(new CompositorScene(
            [.. Grid(4).Select((tile, i) => new SceneTile(tile, null, $"P{i}", Speaking: i == 0))], palette, []));

        var canvas = Render(compositor);

        Assert.Equal(palette.Background, Pictures.At(canvas, 0, 0));
        Assert.Equal(palette.Background, Pictures.At(canvas, Low.Width - 1, 0));
        Assert.Equal(palette.Background, Pictures.At(canvas, 0, Low.Height - 1));
        Assert.Equal(palette.Background, Pictures.At(canvas, Low.Width - 1, Low.Height - 1));
    }

    [Fact]
    public void SetScene_SameNamesAgain_NothingRenderedAgain()
    {
        var tiles = Grid(2);
        var compositor = NewCompositor();
        compositor.SetScene(new CompositorScene([new SceneTile(tiles[0], null, "Ada"), new SceneTile(tiles[1], null, "Bob")], ThemePalette.For(Theme.Dark), []));
        var renders = compositor.Masks.Renders;

        compositor.SetScene(new CompositorScene(
            [new SceneTile(tiles[0], null, "Ada"), new SceneTile(tiles[1], null, "Bob", Speaking: true)], ThemePalette.For(Theme.Light), []));

        Assert.True(renders > 0);
        Assert.Equal(renders, compositor.Masks.Renders);
    }

    [Fact]
    public void Capture_Png_SceneAtTheOutputSize()
    {
        var palette = ThemePalette.For(Theme.Default);
        var tile = Grid(1)[0];
        var compositor = NewCompositor();
        compositor.SetScene(new CompositorScene([new SceneTile(tile, Solid(640, 360, Red), "Ada")], palette, []));

        using var decoded = SKBitmap.Decode(compositor.Capture(ImageFormat.Png));

        Assert.Equal(640, decoded.Width);
        Assert.Equal(360, decoded.Height);
        var centre = decoded.GetPixel(320, 150);
        Assert.InRange(centre.Red, 217, 223);
        Assert.InRange(centre.Green, 27, 33);
        var corner = decoded.GetPixel(0, 0);
        Assert.InRange(corner.Red, 0x1b - 3, 0x1b + 3);
        Assert.InRange(corner.Blue, 0x3a - 3, 0x3a + 3);
    }

    [Fact]
    public void Capture_JpegWithWidth_ScaledKeepingTheAspectRatio()
    {
        var compositor = NewCompositor();
        compositor.SetScene(new CompositorScene([new SceneTile(Grid(1)[0], null, "Ada")], ThemePalette.For(Theme.Dark), []));

        var jpeg = compositor.Capture(ImageFormat.Jpeg, width: 320);

        using var decoded = SKBitmap.Decode(jpeg);
        Assert.Equal([0xff, 0xd8], jpeg[..2]);
        Assert.Equal(320, decoded.Width);
        Assert.Equal(180, decoded.Height);
    }

    [Fact]
    public void Capture_NoSceneYet_DefaultBackground()
    {
        using var decoded = SKBitmap.Decode(NewCompositor().Capture(ImageFormat.Png, 320, 180));

        Assert.Equal(320, decoded.Width);
        Assert.Equal(180, decoded.Height);
        Assert.InRange(decoded.GetPixel(100, 100).Blue, 0x3a - 3, 0x3a + 3);
    }

    [Fact]
    public void Capture_WidthOutOfRange_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => NewCompositor().Capture(ImageFormat.Png, width: 0));

        Assert.Equal("width", error.ParamName);
    }
}
