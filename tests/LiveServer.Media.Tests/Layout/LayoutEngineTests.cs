using LiveServer.Domain.Livestreams;
using LiveServer.Media.Layout;
using LiveServer.Media.Video;

namespace LiveServer.Media.Tests.Layout;

public sealed class LayoutEngineTests
{
    private static readonly (int Width, int Height)[] Canvases =
        [(640, 360), (1280, 720), (1920, 1080), (360, 640), (720, 1280), (1080, 1920)];

    public static TheoryData<int, int> AllCanvases()
    {
        var data = new TheoryData<int, int>();
        foreach (var (width, height) in Canvases)
        {
            data.Add(width, height);
        }

        return data;
    }

    public static TheoryData<int, int> LandscapeCanvases()
    {
        var data = new TheoryData<int, int>();
        foreach (var (width, height) in Canvases.Where(c => c.Width > c.Height))
        {
            data.Add(width, height);
        }

        return data;
    }

    public static TheoryData<int, int> PortraitCanvases()
    {
        var data = new TheoryData<int, int>();
        foreach (var (width, height) in Canvases.Where(c => c.Width < c.Height))
        {
            data.Add(width, height);
        }

        return data;
    }

    public static TheoryData<int, int, int> GridCases()
    {
        var data = new TheoryData<int, int, int>();
        foreach (var (width, height) in Canvases)
        {
            for (var count = 1; count <= 4; count++)
            {
                data.Add(width, height, count);
            }
        }

        return data;
    }

    public static TheoryData<int, int, int> GridCasesWithoutLoneTile()
    {
        var data = new TheoryData<int, int, int>();
        foreach (var (width, height) in Canvases)
        {
            foreach (var count in new[] { 1, 2, 4 })
            {
                data.Add(width, height, count);
            }
        }

        return data;
    }

    private static LayoutConfig Grid(int gridSize = 4) => new(LayoutType.Grid, LayoutPriority.Speaker, gridSize);

    private static LayoutConfig Spotlight(int gridSize = 4) => new(LayoutType.Spotlight, LayoutPriority.Speaker, gridSize);

    private static LayoutConfig Sidebar(int gridSize = 4) => new(LayoutType.Sidebar, LayoutPriority.Speaker, gridSize);

    private static int Right(PixelRect r) => r.X + r.Width;

    private static int Bottom(PixelRect r) => r.Y + r.Height;

    private static long Area(PixelRect r) => (long)r.Width * r.Height;

    private static bool Overlap(PixelRect a, PixelRect b) =>
        a.X < Right(b) && b.X < Right(a) && a.Y < Bottom(b) && b.Y < Bottom(a);

    private static void AssertWellFormed(IReadOnlyList<PixelRect> tiles, int width, int height)
    {
        foreach (var tile in tiles)
        {
            Assert.False(tile.IsEmpty, $"{tile} is empty");
            Assert.True((tile.X | tile.Y | tile.Width | tile.Height) % 2 == 0, $"{tile} is not even");
            Assert.True(tile.X >= 0 && tile.Y >= 0 && Right(tile) <= width && Bottom(tile) <= height, $"{tile} leaves {width}x{height}");
        }

        for (var i = 0; i < tiles.Count; i++)
        {
            for (var j = i + 1; j < tiles.Count; j++)
            {
                Assert.False(Overlap(tiles[i], tiles[j]), $"{tiles[i]} overlaps {tiles[j]}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(GridCases))]
    public void Arrange_Grid_OneTilePerParticipantInsideEvenNonOverlapping(int width, int height, int participants)
    {
        var tiles = LayoutEngine.Arrange(Grid(), width, height, participants);

        Assert.Equal(participants, tiles.Count);
        AssertWellFormed(tiles, width, height);
    }

    [Theory]
    [MemberData(nameof(GridCasesWithoutLoneTile))]
    public void Arrange_GridWithoutLoneTile_TilesHaveEqualSizes(int width, int height, int participants)
    {
        var tiles = LayoutEngine.Arrange(Grid(), width, height, participants);

        Assert.Single(tiles.Select(t => (t.Width, t.Height)).Distinct());
    }

    [Theory]
    [MemberData(nameof(AllCanvases))]
    public void Arrange_GridOfThree_LoneTileSameSizeAsOthers(int width, int height)
    {
        var tiles = LayoutEngine.Arrange(Grid(), width, height, 3);

        Assert.Single(tiles.Select(t => (t.Width, t.Height)).Distinct());
    }

    [Theory]
    [MemberData(nameof(AllCanvases))]
    public void Arrange_GridOfOne_FillsCanvasInsideMargin(int width, int height)
    {
        var tile = Assert.Single(LayoutEngine.Arrange(Grid(), width, height, 1));

        Assert.True(tile.Width > width * 0.95 && tile.Height > height * 0.95, $"{tile} is too small for {width}x{height}");
        Assert.Equal(tile.X, width - Right(tile));
        Assert.Equal(tile.Y, height - Bottom(tile));
    }

    [Theory]
    [MemberData(nameof(LandscapeCanvases))]
    public void Arrange_GridOfTwoLandscape_SideBySide(int width, int height)
    {
        var tiles = LayoutEngine.Arrange(Grid(), width, height, 2);

        Assert.Equal(tiles[0].Y, tiles[1].Y);
        Assert.True(tiles[1].X >= Right(tiles[0]));
        Assert.True(tiles[0].Height > height / 2, "side-by-side tiles use the full height");
    }

    [Theory]
    [MemberData(nameof(PortraitCanvases))]
    public void Arrange_GridOfTwoPortrait_Stacked(int width, int height)
    {
        var tiles = LayoutEngine.Arrange(Grid(), width, height, 2);

        Assert.Equal(tiles[0].X, tiles[1].X);
        Assert.True(tiles[1].Y >= Bottom(tiles[0]));
        Assert.True(tiles[0].Width > width / 2, "stacked tiles use the full width");
    }

    [Theory]
    [MemberData(nameof(AllCanvases))]
    public void Arrange_GridOfThree_LastTileCentredInBottomRow(int width, int height)
    {
        var tiles = LayoutEngine.Arrange(Grid(), width, height, 3);

        Assert.Equal(tiles[0].Y, tiles[1].Y);
        Assert.True(tiles[2].Y >= Bottom(tiles[0]), "third tile is in the second row");
        var centre = tiles[2].X + (tiles[2].Width / 2.0);
        Assert.InRange(centre, (width / 2.0) - 2, (width / 2.0) + 2);
    }

    [Theory]
    [MemberData(nameof(AllCanvases))]
    public void Arrange_GridOfFour_TwoByTwo(int width, int height)
    {
        var tiles = LayoutEngine.Arrange(Grid(), width, height, 4);

        Assert.Equal(2, tiles.Select(t => t.X).Distinct().Count());
        Assert.Equal(2, tiles.Select(t => t.Y).Distinct().Count());
        Assert.Equal(tiles[0].Y, tiles[1].Y);
        Assert.Equal(tiles[0].X, tiles[2].X);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 3)]
    [InlineData(3, 10)]
    [InlineData(4, 9)]
    public void Arrange_MoreParticipantsThanGridSize_GridSizeTiles(int gridSize, int participants)
    {
        var tiles = LayoutEngine.Arrange(Grid(gridSize), 1280, 720, participants);

        Assert.Equal(gridSize, tiles.Count);
        Assert.Equal(tiles, LayoutEngine.Arrange(Grid(gridSize), 1280, 720, gridSize));
    }

    [Theory]
    [InlineData(LayoutType.Grid)]
    [InlineData(LayoutType.Spotlight)]
    [InlineData(LayoutType.Sidebar)]
    public void Arrange_NoParticipants_NoTiles(LayoutType type)
    {
        Assert.Empty(LayoutEngine.Arrange(new LayoutConfig(type, LayoutPriority.Speaker, 4), 1280, 720, 0));
    }

    [Theory]
    [MemberData(nameof(AllCanvases))]
    public void Arrange_Spotlight_AlwaysOneTile(int width, int height)
    {
        for (var participants = 1; participants <= 6; participants++)
        {
            var tiles = LayoutEngine.Arrange(Spotlight(), width, height, participants);

            var tile = Assert.Single(tiles);
            AssertWellFormed(tiles, width, height);
            Assert.Equal(LayoutEngine.Arrange(Grid(), width, height, 1)[0], tile);
        }
    }

    [Theory]
    [MemberData(nameof(AllCanvases))]
    public void Arrange_Sidebar_MainTileLargerThanStripTiles(int width, int height)
    {
        for (var participants = 2; participants <= 4; participants++)
        {
            var tiles = LayoutEngine.Arrange(Sidebar(), width, height, participants);

            Assert.Equal(participants, tiles.Count);
            AssertWellFormed(tiles, width, height);
            Assert.All(tiles.Skip(1), strip => Assert.True(Area(tiles[0]) > 2 * Area(strip), $"main {tiles[0]} vs strip {strip}"));
            Assert.Single(tiles.Skip(1).Select(t => (t.Width, t.Height)).Distinct());
        }
    }

    [Theory]
    [MemberData(nameof(LandscapeCanvases))]
    public void Arrange_SidebarLandscape_StripOnTheRight(int width, int height)
    {
        var tiles = LayoutEngine.Arrange(Sidebar(), width, height, 4);

        Assert.All(tiles.Skip(1), strip =>
        {
            Assert.True(strip.X >= Right(tiles[0]), $"{strip} is not right of {tiles[0]}");
            Assert.True(Bottom(strip) <= Bottom(tiles[0]) && strip.Y >= tiles[0].Y, $"{strip} is outside the main tile's rows");
        });
        Assert.Single(tiles.Skip(1).Select(t => t.X).Distinct());
    }

    [Theory]
    [MemberData(nameof(PortraitCanvases))]
    public void Arrange_SidebarPortrait_StripAtTheBottom(int width, int height)
    {
        var tiles = LayoutEngine.Arrange(Sidebar(), width, height, 4);

        Assert.All(tiles.Skip(1), strip =>
        {
            Assert.True(strip.Y >= Bottom(tiles[0]), $"{strip} is not below {tiles[0]}");
            Assert.True(Right(strip) <= Right(tiles[0]) && strip.X >= tiles[0].X, $"{strip} is outside the main tile's columns");
        });
        Assert.Single(tiles.Skip(1).Select(t => t.Y).Distinct());
    }

    [Fact]
    public void Arrange_SidebarOfGridSizeOne_OnlyMainTile()
    {
        var tiles = LayoutEngine.Arrange(Sidebar(1), 1280, 720, 3);

        Assert.Single(tiles);
    }

    [Fact]
    public void Arrange_SidebarWithFewerParticipantsThanSlots_MainAndSlotSizeKeptStripCentred()
    {
        var two = LayoutEngine.Arrange(Sidebar(), 1280, 720, 2);
        var four = LayoutEngine.Arrange(Sidebar(), 1280, 720, 4);

        Assert.Equal(four[0], two[0]);
        Assert.Equal((four[1].X, four[1].Width, four[1].Height), (two[1].X, two[1].Width, two[1].Height));
        Assert.Equal(360, two[1].Y + (two[1].Height / 2));
    }

    [Theory]
    [InlineData(LayoutType.Grid, 3, 3)]
    [InlineData(LayoutType.Sidebar, 2, 2)]
    [InlineData(LayoutType.Spotlight, 4, 1)]
    public void VisibleCount_Layout_TilesShownAtMost(LayoutType type, int gridSize, int expected)
    {
        Assert.Equal(expected, LayoutEngine.VisibleCount(new LayoutConfig(type, LayoutPriority.Pin, gridSize)));
    }
}
