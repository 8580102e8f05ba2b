using LiveServer.Domain.Livestreams;
using LiveServer.Media.Layout;
using LiveServer.Media.Video;

namespace LiveServer.Media.Tests.Layout;

/// <summary>
/// GRID and SIDEBAR for every tile count up to 25 on landscape and portrait canvases: inside the
/// canvas, apart by the gap, even, no smaller than the shape chosen for them, rows centred.
/// </summary>
public sealed class LayoutManyTilesTests
{
    private static readonly (int Width, int Height)[] Canvases = [(640, 360), (1280, 720), (1920, 1080), (360, 640), (720, 1280)];

    public static TheoryData<int, int, LayoutType, int> Cases()
    {
        var data = new TheoryData<int, int, LayoutType, int>();
        foreach (var (width, height) in Canvases)
        {
            foreach (var type in new[] { LayoutType.Grid, LayoutType.Sidebar })
            {
                for (var count = 1; count <= LayoutConfig.MaxGridSize; count++)
                {
                    data.Add(width, height, type, count);
                }
            }
        }

        return data;
    }

    private static LayoutConfig Layout(LayoutType type, int gridSize) => new(type, LayoutPriority.Speaker, gridSize);

    private static int Right(PixelRect r) => r.X + r.Width;

    private static int Bottom(PixelRect r) => r.Y + r.Height;

    private static bool Apart(PixelRect a, PixelRect b, int gap) =>
        Right(a) + gap <= b.X || Right(b) + gap <= a.X || Bottom(a) + gap <= b.Y || Bottom(b) + gap <= a.Y;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Arrange_UpTo25_InsideTheMarginApartByTheGapEven(int width, int height, LayoutType type, int count)
    {
        var tiles = LayoutEngine.Arrange(Layout(type, count), width, height, count);

        Assert.Equal(count, tiles.Count);
        var gap = LayoutEngine.GapFor(width, height);
        foreach (var tile in tiles)
        {
            Assert.False(tile.IsEmpty, $"{tile} is empty");
            Assert.Equal(0, (tile.X | tile.Y | tile.Width | tile.Height) & 1);
            Assert.True(tile.X >= gap && tile.Y >= gap && Right(tile) <= width - gap && Bottom(tile) <= height - gap, $"{tile} is in the margin of {width}x{height}");
        }

        for (var i = 0; i < count; i++)
        {
            for (var j = i + 1; j < count; j++)
            {
                Assert.True(Apart(tiles[i], tiles[j], gap), $"{tiles[i]} and {tiles[j]} are closer than {gap}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Arrange_UpTo25_TilesNoSmallerThanTheirShareOfTheCanvas(int width, int height, LayoutType type, int count)
    {
        var tiles = LayoutEngine.Arrange(Layout(type, count), width, height, count);

        if (type == LayoutType.Grid)
        {
            // Equal tiles that together cover most of the canvas, and that are not slivers.
            Assert.Single(tiles.Select(t => (t.Width, t.Height)).Distinct());
            Assert.True((long)tiles[0].Width * tiles[0].Height * count >= (long)width * height * 6 / 10, $"{count} tiles of {tiles[0]} leave most of {width}x{height} empty");
            var aspect = (double)tiles[0].Width / tiles[0].Height / ((double)width / height);
            Assert.InRange(aspect, 0.4, 2.5);
        }
        else if (count > 1)
        {
            // The main tile keeps about two thirds of the canvas across the strip; the slots are equal and
            // at least 1/9 of the canvas's height (landscape) or width (portrait) long.
            var landscape = width >= height;
            Assert.True(landscape ? tiles[0].Width >= width * 0.65 : tiles[0].Height >= height * 0.65, $"main {tiles[0]}");
            Assert.Single(tiles.Skip(1).Select(t => (t.Width, t.Height)).Distinct());
            var slot = tiles[1];
            Assert.True(landscape ? slot.Height >= height / 10 : slot.Width >= width / 10, $"slot {slot} is too small on {width}x{height}");
            Assert.All(tiles.Skip(1), s => Assert.True(landscape ? s.X > Right(tiles[0]) : s.Y > Bottom(tiles[0]), $"{s} is not in the strip"));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Arrange_UpTo25_EveryRowCentred(int width, int height, LayoutType type, int count)
    {
        var tiles = LayoutEngine.Arrange(Layout(type, count), width, height, count);
        var landscape = width >= height;

        // GRID rows across the canvas; SIDEBAR rows across the strip (landscape) or its columns (portrait).
        var cells = type == LayoutType.Grid ? tiles : tiles.Skip(1).ToList();
        if (cells.Count == 0)
        {
            return;
        }

        var across = type == LayoutType.Sidebar && !landscape;
        var (low, high) = type == LayoutType.Grid
            ? (0, width)
            : landscape ? (Right(tiles[0]), width) : (Bottom(tiles[0]), height);
        foreach (var line in cells.GroupBy(t => across ? t.X : t.Y))
        {
            var first = line.Min(t => across ? t.Y : t.X);
            var last = line.Max(t => across ? Bottom(t) : Right(t));
            var gap = type == LayoutType.Grid ? 0 : LayoutEngine.GapFor(width, height);
            var before = first - low - gap;
            var after = high - gap - last;
            Assert.True(Math.Abs(before - after) <= 4, $"line at {line.Key} runs {first}..{last} in {low}..{high}");
        }
    }

    [Theory]
    [InlineData(1280, 720, 2, 2, 1)]
    [InlineData(1280, 720, 3, 2, 2)]
    [InlineData(1280, 720, 5, 3, 2)]
    [InlineData(1280, 720, 7, 3, 3)]
    [InlineData(1280, 720, 10, 4, 3)]
    [InlineData(1280, 720, 13, 4, 4)]
    [InlineData(1280, 720, 17, 5, 4)]
    [InlineData(1280, 720, 21, 5, 5)]
    [InlineData(1280, 720, 25, 5, 5)]
    [InlineData(720, 1280, 2, 1, 2)]
    [InlineData(720, 1280, 5, 2, 3)]
    [InlineData(720, 1280, 10, 3, 4)]
    [InlineData(720, 1280, 17, 4, 5)]
    [InlineData(720, 1280, 25, 5, 5)]
    public void Arrange_Grid_LandscapePrefersColumnsPortraitRows(int width, int height, int count, int columns, int rows)
    {
        var tiles = LayoutEngine.Arrange(Layout(LayoutType.Grid, 25), width, height, count);

        Assert.Equal(rows, tiles.Select(t => t.Y).Distinct().Count());
        Assert.Equal(columns, tiles.GroupBy(t => t.Y).Max(row => row.Count()));
    }

    [Theory]
    [InlineData(1280, 720, 5, 1)]
    [InlineData(1280, 720, 7, 2)]
    [InlineData(1280, 720, 25, 3)]
    [InlineData(720, 1280, 4, 1)]
    [InlineData(720, 1280, 25, 3)]
    public void Arrange_SidebarManySlots_MoreLanesInTheStrip(int width, int height, int gridSize, int lanes)
    {
        var tiles = LayoutEngine.Arrange(Layout(LayoutType.Sidebar, gridSize), width, height, gridSize);

        var landscape = width >= height;
        Assert.Equal(lanes, tiles.Skip(1).Select(t => landscape ? t.X : t.Y).Distinct().Count());
    }

    [Fact]
    public void Arrange_SidebarOf25At720p_SlotsOf16To9AtLeast134Wide()
    {
        var tiles = LayoutEngine.Arrange(Layout(LayoutType.Sidebar, 25), 1280, 720, 25);

        Assert.All(tiles.Skip(1), slot => Assert.True(slot.Width >= 134 && slot.Height >= 74, $"{slot}"));
        Assert.True(tiles[0].Width >= 830, $"main {tiles[0]}");
    }

    [Theory]
    [InlineData(25, 25)]
    [InlineData(26, 25)]
    [InlineData(0, 1)]
    public void VisibleCount_GridSize_ClampedTo1To25(int gridSize, int expected)
    {
        Assert.Equal(expected, LayoutEngine.VisibleCount(Layout(LayoutType.Grid, gridSize)));
    }
}
