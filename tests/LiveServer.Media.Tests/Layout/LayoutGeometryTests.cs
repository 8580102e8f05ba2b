using LiveServer.Domain.Livestreams;
using LiveServer.Media.Layout;
using LiveServer.Media.Video;

namespace LiveServer.Media.Tests.Layout;

/// <summary>
/// Exact tile rectangles for every layout type, grid size and participant count on the three
/// canvas shapes a livestream uses, and the invariants over the whole matrix (type × priority ×
/// gridSize 1..4 × orientation × 0..6 participants).
/// </summary>
public sealed class LayoutGeometryTests
{
    public static TheoryData<int, int, LayoutType, LayoutPriority, int, int> Matrix()
    {
        var data = new TheoryData<int, int, LayoutType, LayoutPriority, int, int>();
        foreach (var (width, height) in new[] { (640, 360), (1280, 720), (1920, 1080), (360, 640), (720, 1280), (1080, 1920) })
        {
            foreach (var type in Enum.GetValues<LayoutType>())
            {
                foreach (var priority in Enum.GetValues<LayoutPriority>())
                {
                    for (var gridSize = 1; gridSize <= 4; gridSize++)
                    {
                        for (var participants = 0; participants <= 6; participants++)
                        {
                            data.Add(width, height, type, priority, gridSize, participants);
                        }
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [InlineData(1280, 720, LayoutType.Grid, 1, 1, "8,8,1264,704")]
    [InlineData(1280, 720, LayoutType.Grid, 1, 2, "8,8,1264,704")]
    [InlineData(1280, 720, LayoutType.Grid, 2, 1, "8,8,1264,704")]
    [InlineData(1280, 720, LayoutType.Grid, 2, 2, "8,8,628,704 644,8,628,704")]
    [InlineData(1280, 720, LayoutType.Grid, 2, 3, "8,8,628,704 644,8,628,704")]
    [InlineData(1280, 720, LayoutType.Grid, 3, 1, "8,8,1264,704")]
    [InlineData(1280, 720, LayoutType.Grid, 3, 2, "8,8,628,704 644,8,628,704")]
    [InlineData(1280, 720, LayoutType.Grid, 3, 3, "8,8,628,348 644,8,628,348 326,364,628,348")]
    [InlineData(1280, 720, LayoutType.Grid, 3, 4, "8,8,628,348 644,8,628,348 326,364,628,348")]
    [InlineData(1280, 720, LayoutType.Grid, 4, 1, "8,8,1264,704")]
    [InlineData(1280, 720, LayoutType.Grid, 4, 2, "8,8,628,704 644,8,628,704")]
    [InlineData(1280, 720, LayoutType.Grid, 4, 3, "8,8,628,348 644,8,628,348 326,364,628,348")]
    [InlineData(1280, 720, LayoutType.Grid, 4, 4, "8,8,628,348 644,8,628,348 8,364,628,348 644,364,628,348")]
    [InlineData(1280, 720, LayoutType.Spotlight, 1, 1, "8,8,1264,704")]
    [InlineData(1280, 720, LayoutType.Sidebar, 1, 1, "8,8,1264,704")]
    [InlineData(1280, 720, LayoutType.Sidebar, 2, 1, "8,8,942,704")]
    [InlineData(1280, 720, LayoutType.Sidebar, 2, 2, "8,8,942,704 958,272,314,176")]
    [InlineData(1280, 720, LayoutType.Sidebar, 3, 1, "8,8,942,704")]
    [InlineData(1280, 720, LayoutType.Sidebar, 3, 2, "8,8,942,704 958,272,314,176")]
    [InlineData(1280, 720, LayoutType.Sidebar, 3, 3, "8,8,942,704 958,180,314,176 958,364,314,176")]
    [InlineData(1280, 720, LayoutType.Sidebar, 4, 1, "8,8,942,704")]
    [InlineData(1280, 720, LayoutType.Sidebar, 4, 2, "8,8,942,704 958,272,314,176")]
    [InlineData(1280, 720, LayoutType.Sidebar, 4, 3, "8,8,942,704 958,180,314,176 958,364,314,176")]
    [InlineData(1280, 720, LayoutType.Sidebar, 4, 4, "8,8,942,704 958,88,314,176 958,272,314,176 958,456,314,176")]
    [InlineData(720, 1280, LayoutType.Grid, 1, 1, "8,8,704,1264")]
    [InlineData(720, 1280, LayoutType.Grid, 1, 2, "8,8,704,1264")]
    [InlineData(720, 1280, LayoutType.Grid, 2, 1, "8,8,704,1264")]
    [InlineData(720, 1280, LayoutType.Grid, 2, 2, "8,8,704,628 8,644,704,628")]
    [InlineData(720, 1280, LayoutType.Grid, 2, 3, "8,8,704,628 8,644,704,628")]
    [InlineData(720, 1280, LayoutType.Grid, 3, 1, "8,8,704,1264")]
    [InlineData(720, 1280, LayoutType.Grid, 3, 2, "8,8,704,628 8,644,704,628")]
    [InlineData(720, 1280, LayoutType.Grid, 3, 3, "8,8,348,628 364,8,348,628 186,644,348,628")]
    [InlineData(720, 1280, LayoutType.Grid, 3, 4, "8,8,348,628 364,8,348,628 186,644,348,628")]
    [InlineData(720, 1280, LayoutType.Grid, 4, 1, "8,8,704,1264")]
    [InlineData(720, 1280, LayoutType.Grid, 4, 2, "8,8,704,628 8,644,704,628")]
    [InlineData(720, 1280, LayoutType.Grid, 4, 3, "8,8,348,628 364,8,348,628 186,644,348,628")]
    [InlineData(720, 1280, LayoutType.Grid, 4, 4, "8,8,348,628 364,8,348,628 8,644,348,628 364,644,348,628")]
    [InlineData(720, 1280, LayoutType.Spotlight, 1, 1, "8,8,704,1264")]
    [InlineData(720, 1280, LayoutType.Sidebar, 1, 1, "8,8,704,1264")]
    [InlineData(720, 1280, LayoutType.Sidebar, 2, 1, "8,8,704,942")]
    [InlineData(720, 1280, LayoutType.Sidebar, 2, 2, "8,8,704,942 82,958,556,314")]
    [InlineData(720, 1280, LayoutType.Sidebar, 3, 1, "8,8,704,942")]
    [InlineData(720, 1280, LayoutType.Sidebar, 3, 2, "8,8,704,942 186,958,348,314")]
    [InlineData(720, 1280, LayoutType.Sidebar, 3, 3, "8,8,704,942 8,958,348,314 364,958,348,314")]
    [InlineData(720, 1280, LayoutType.Sidebar, 4, 1, "8,8,704,942")]
    [InlineData(720, 1280, LayoutType.Sidebar, 4, 2, "8,8,704,942 246,958,228,314")]
    [InlineData(720, 1280, LayoutType.Sidebar, 4, 3, "8,8,704,942 128,958,228,314 364,958,228,314")]
    [InlineData(720, 1280, LayoutType.Sidebar, 4, 4, "8,8,704,942 8,958,228,314 246,958,228,314 482,958,228,314")]
    [InlineData(640, 360, LayoutType.Grid, 1, 1, "4,4,632,352")]
    [InlineData(640, 360, LayoutType.Grid, 1, 2, "4,4,632,352")]
    [InlineData(640, 360, LayoutType.Grid, 2, 1, "4,4,632,352")]
    [InlineData(640, 360, LayoutType.Grid, 2, 2, "4,4,314,352 322,4,314,352")]
    [InlineData(640, 360, LayoutType.Grid, 2, 3, "4,4,314,352 322,4,314,352")]
    [InlineData(640, 360, LayoutType.Grid, 3, 1, "4,4,632,352")]
    [InlineData(640, 360, LayoutType.Grid, 3, 2, "4,4,314,352 322,4,314,352")]
    [InlineData(640, 360, LayoutType.Grid, 3, 3, "4,4,314,174 322,4,314,174 162,182,314,174")]
    [InlineData(640, 360, LayoutType.Grid, 3, 4, "4,4,314,174 322,4,314,174 162,182,314,174")]
    [InlineData(640, 360, LayoutType.Grid, 4, 1, "4,4,632,352")]
    [InlineData(640, 360, LayoutType.Grid, 4, 2, "4,4,314,352 322,4,314,352")]
    [InlineData(640, 360, LayoutType.Grid, 4, 3, "4,4,314,174 322,4,314,174 162,182,314,174")]
    [InlineData(640, 360, LayoutType.Grid, 4, 4, "4,4,314,174 322,4,314,174 4,182,314,174 322,182,314,174")]
    [InlineData(640, 360, LayoutType.Spotlight, 1, 1, "4,4,632,352")]
    [InlineData(640, 360, LayoutType.Sidebar, 1, 1, "4,4,632,352")]
    [InlineData(640, 360, LayoutType.Sidebar, 2, 1, "4,4,470,352")]
    [InlineData(640, 360, LayoutType.Sidebar, 2, 2, "4,4,470,352 480,136,156,88")]
    [InlineData(640, 360, LayoutType.Sidebar, 3, 1, "4,4,470,352")]
    [InlineData(640, 360, LayoutType.Sidebar, 3, 2, "4,4,470,352 480,136,156,88")]
    [InlineData(640, 360, LayoutType.Sidebar, 3, 3, "4,4,470,352 480,90,156,88 480,182,156,88")]
    [InlineData(640, 360, LayoutType.Sidebar, 4, 1, "4,4,470,352")]
    [InlineData(640, 360, LayoutType.Sidebar, 4, 2, "4,4,470,352 480,136,156,88")]
    [InlineData(640, 360, LayoutType.Sidebar, 4, 3, "4,4,470,352 480,90,156,88 480,182,156,88")]
    [InlineData(640, 360, LayoutType.Sidebar, 4, 4, "4,4,470,352 480,44,156,88 480,136,156,88 480,228,156,88")]
    public void Arrange_KnownCase_ExactRectangles(int width, int height, LayoutType type, int gridSize, int participants, string expected)
    {
        var tiles = LayoutEngine.Arrange(new LayoutConfig(type, LayoutPriority.Speaker, gridSize), width, height, participants);

        Assert.Equal(expected, string.Join(" ", tiles.Select(t => $"{t.X},{t.Y},{t.Width},{t.Height}")));
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Arrange_AnyCase_TilesCountedInsideEvenApartAndMainLargest(
        int width, int height, LayoutType type, LayoutPriority priority, int gridSize, int participants)
    {
        var layout = new LayoutConfig(type, priority, gridSize);

        var tiles = LayoutEngine.Arrange(layout, width, height, participants);

        var visible = type == LayoutType.Spotlight ? 1 : gridSize;
        Assert.Equal(Math.Min(participants, visible), tiles.Count);
        var margin = Math.Max(4, Math.Min(width, height) / 90) & ~1;
        foreach (var tile in tiles)
        {
            Assert.True(tile is { X: >= 0, Y: >= 0, Width: > 0, Height: > 0 }, $"{tile} is empty or outside");
            Assert.True(tile.X >= margin && tile.Y >= margin && tile.X + tile.Width <= width - margin + 1 && tile.Y + tile.Height <= height - margin + 1, $"{tile} is in the margin");
            Assert.Equal(0, (tile.X | tile.Y | tile.Width | tile.Height) & 1);
        }

        for (var i = 0; i < tiles.Count; i++)
        {
            for (var j = i + 1; j < tiles.Count; j++)
            {
                Assert.True(Apart(tiles[i], tiles[j], margin - 2), $"{tiles[i]} and {tiles[j]} are closer than the gap");
            }

            Assert.True(Area(tiles[0]) >= Area(tiles[i]), $"the main tile {tiles[0]} is smaller than {tiles[i]}");
        }

        // Priority orders participants; it never changes the geometry.
        var other = priority == LayoutPriority.Pin ? LayoutPriority.Speaker : LayoutPriority.Pin;
        Assert.Equal(tiles, LayoutEngine.Arrange(layout with { Priority = other }, width, height, participants));
    }

    private static long Area(PixelRect r) => (long)r.Width * r.Height;

    private static bool Apart(PixelRect a, PixelRect b, int gap) =>
        a.X + a.Width + gap <= b.X || b.X + b.Width + gap <= a.X || a.Y + a.Height + gap <= b.Y || b.Y + b.Height + gap <= a.Y;
}
