using LiveServer.Domain.Livestreams;
using LiveServer.Media.Compositing;
using LiveServer.Media.Layout;
using LiveServer.Media.Tests.TestKit;
using LiveServer.Media.Video;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveServer.Media.Tests.Compositing;

/// <summary>
/// A GRID of 25 at 1280x720 and 640x360: every name label is whole inside its tile at a readable
/// size, the speaking border thins with the tile, and rebuilding the scene renders no text again.
/// </summary>
public sealed class CompositorManyTilesTests
{
    // TileArtwork.MinFontSize (the class is internal to Media).
    private const int TileArtworkMinFont = 12;
    private static readonly YuvColor Red = YuvColor.FromRgb(220, 30, 30);

    public static TheoryData<int, int> Canvases => new() { { 1280, 720 }, { 640, 360 } };

    private static (Compositor Compositor, CompositorScene Scene, IReadOnlyList<PixelRect> Tiles) TwentyFive(
        int width, int height, Func<int, string>? name = null)
    {
        name ??= i => $"Bartholomew Fitzgerald-Montgomery {i}";
        var format = new OutputFormat(width, height, 30, 800, 128);
        var tiles = LayoutEngine.Arrange(new LayoutConfig(LayoutType.Grid, LayoutPriority.Speaker, 25), width, height, 25);
        var picture = StillPicture.Solid(320, 180, Red);
        var scene = new CompositorScene(
            [.. tiles.Select((tile, i) => new SceneTile(tile, picture, name(i), Speaking: i == 0))],
            ThemePalette.For(Theme.Dark),
            []);
        return (new Compositor(format, audioOnly: false, TimeProvider.System, NullLogger.Instance), scene, tiles);
    }

    [Theory]
    [MemberData(nameof(Canvases))]
    public void Render_25Tiles_EveryLabelWholeInsideItsTileAtLeastMinFontSizeHigh(int width, int height)
    {
        var (compositor, scene, tiles) = TwentyFive(width, height);
        compositor.SetScene(scene);
        var canvas = Pictures.Solid(width, height, new YuvColor(0, 0, 0));

        compositor.Render(canvas);

        foreach (var tile in tiles.Skip(1))
        {
            // The label is what is not the red picture: its box must be clear of the tile's edges.
            int left = int.MaxValue, right = -1, top = int.MaxValue, bottom = -1;
            for (var y = tile.Y; y < tile.Y + tile.Height; y++)
            {
                for (var x = tile.X; x < tile.X + tile.Width; x++)
                {
                    if (Pictures.At(canvas, x, y) != Red)
                    {
                        (left, right, top, bottom) = (Math.Min(left, x), Math.Max(right, x), Math.Min(top, y), Math.Max(bottom, y));
                    }
                }
            }

            Assert.True(right >= 0, $"no label in {tile}");
            Assert.True(left >= tile.X + 2 && top >= tile.Y + 2, $"label {left},{top} touches the top-left edge of {tile}");
            Assert.True(right <= tile.X + tile.Width - 3 && bottom <= tile.Y + tile.Height - 3, $"label ..{right},{bottom} touches the bottom-right edge of {tile}");
            Assert.True(bottom - top + 1 >= TileArtworkMinFont, $"label {bottom - top + 1} px high in {tile}");
            Assert.True(bottom - top + 1 <= tile.Height / 2, $"label {bottom - top + 1} px high covers most of {tile}");
        }
    }

    [Theory]
    [MemberData(nameof(Canvases))]
    public void Render_25TilesSpeaker_BorderTwoPixels(int width, int height)
    {
        var (compositor, scene, tiles) = TwentyFive(width, height);
        compositor.SetScene(scene);
        var canvas = Pictures.Solid(width, height, new YuvColor(0, 0, 0));

        compositor.Render(canvas);

        var speaking = tiles[0];
        var middleY = speaking.Y + (speaking.Height / 4);
        var accent = scene.Palette.Accent;
        Assert.Equal(accent, Pictures.At(canvas, speaking.X, middleY));
        Assert.Equal(accent, Pictures.At(canvas, speaking.X + 1, middleY));
        Assert.Equal(Red, Pictures.At(canvas, speaking.X + 2, middleY));
    }

    [Fact]
    public void SetScene_Same25TilesAgain_RendersNoMask()
    {
        // Names of 25 lengths and initials: about 75 masks, more than a cache for four tiles kept.
        var (compositor, scene, _) = TwentyFive(1280, 720, i => $"{(char)('A' + i)}{new string('a', i)} {(char)('Z' - i)}");
        compositor.SetScene(scene);
        var renders = compositor.Masks.Renders;

        compositor.SetScene(scene with { Tiles = [.. scene.Tiles.Select((t, i) => t with { Speaking = i == 1 })] });

        Assert.Equal(renders, compositor.Masks.Renders);
    }
}
