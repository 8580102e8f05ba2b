using LiveServer.Domain.Livestreams;
using LiveServer.Media.Video;

namespace LiveServer.Media.Layout;

/// <summary>
/// Tile geometry for a canvas. GRID: up to gridSize equal tiles (1 full; 2 side by side in landscape,
/// stacked in portrait; 3 and 4 on a 2x2 grid, a third tile centred in the bottom row). SPOTLIGHT: one
/// tile. SIDEBAR: a main tile and a strip of gridSize - 1 slots (right column a quarter of the width in
/// landscape, bottom row a quarter of the height in portrait), each slot no taller (landscape) or
/// wider (portrait) than 16:9 allows, the occupied slots centred along the strip. Tiles keep a margin and gap
/// of 1/90 of the canvas's shorter side and even coordinates.
/// </summary>
public static class LayoutEngine
{
    /// <summary>How many participants a layout shows at most.</summary>
    public static int VisibleCount(LayoutConfig layout) => layout.Type switch
    {
        LayoutType.Spotlight => 1,
        _ => Math.Clamp(layout.GridSize, 1, 4),
    };

    /// <summary>The tiles for <paramref name="participants"/> participants, main participant first.</summary>
    public static IReadOnlyList<PixelRect> Arrange(LayoutConfig layout, int canvasWidth, int canvasHeight, int participants)
    {
        var count = Math.Min(participants, VisibleCount(layout));
        if (count <= 0)
        {
            return [];
        }

        var gap = Math.Max(4, Math.Min(canvasWidth, canvasHeight) / 90) & ~1;
        var area = new PixelRect(gap, gap, canvasWidth - (2 * gap), canvasHeight - (2 * gap));
        var landscape = canvasWidth >= canvasHeight;
        return layout.Type switch
        {
            LayoutType.Spotlight => [area],
            LayoutType.Sidebar => Sidebar(area, gap, landscape, count, Math.Clamp(layout.GridSize, 1, 4) - 1),
            _ => Grid(area, gap, landscape, count),
        };
    }

    private static PixelRect[] Grid(PixelRect area, int gap, bool landscape, int count)
    {
        var (columns, rows) = count switch
        {
            1 => (1, 1),
            2 => landscape ? (2, 1) : (1, 2),
            _ => (2, 2),
        };
        var width = (area.Width - ((columns - 1) * gap)) / columns;
        var height = (area.Height - ((rows - 1) * gap)) / rows;
        var tiles = new PixelRect[count];
        for (var i = 0; i < count; i++)
        {
            var row = i / columns;
            var column = i % columns;
            var x = area.X + (column * (width + gap));
            var isLoneLast = i == count - 1 && column == 0 && columns == 2;
            if (isLoneLast)
            {
                x = area.X + (((area.Width - width) / 2) & ~1);
            }

            tiles[i] = new PixelRect(x, area.Y + (row * (height + gap)), width, height).ToEven();
        }

        return tiles;
    }

    private static PixelRect[] Sidebar(PixelRect area, int gap, bool landscape, int count, int slots)
    {
        if (slots == 0)
        {
            return [area];
        }

        var tiles = new PixelRect[count];
        if (landscape)
        {
            var stripWidth = (area.Width - gap) / 4;
            var mainWidth = area.Width - gap - stripWidth;
            tiles[0] = new PixelRect(area.X, area.Y, mainWidth, area.Height).ToEven();
            var slotHeight = Math.Min((area.Height - ((slots - 1) * gap)) / slots, stripWidth * 9 / 16);
            var used = count - 1;
            var top = area.Y + ((area.Height - ((used * slotHeight) + ((used - 1) * gap))) / 2);
            for (var i = 1; i < count; i++)
            {
                tiles[i] = new PixelRect(area.X + mainWidth + gap, top + ((i - 1) * (slotHeight + gap)), stripWidth, slotHeight).ToEven();
            }
        }
        else
        {
            var stripHeight = (area.Height - gap) / 4;
            var mainHeight = area.Height - gap - stripHeight;
            tiles[0] = new PixelRect(area.X, area.Y, area.Width, mainHeight).ToEven();
            var slotWidth = Math.Min((area.Width - ((slots - 1) * gap)) / slots, stripHeight * 16 / 9);
            var used = count - 1;
            var left = area.X + ((area.Width - ((used * slotWidth) + ((used - 1) * gap))) / 2);
            for (var i = 1; i < count; i++)
            {
                tiles[i] = new PixelRect(left + ((i - 1) * (slotWidth + gap)), area.Y + mainHeight + gap, slotWidth, stripHeight).ToEven();
            }
        }

        return tiles;
    }
}
