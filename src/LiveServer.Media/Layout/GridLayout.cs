using LiveServer.Media.Video;

namespace LiveServer.Media.Layout;

/// <summary>
/// GRID: n equal tiles on up to 5 columns and 5 rows. Of the shapes that hold n (rows = n / columns,
/// rounded up), the one whose tile holds the largest picture of the canvas's shape wins; shapes are
/// tried from most columns (landscape) or most rows (portrait) on and a later one must be more than
/// 5 % better, so near-ties go to the orientation. Each row is centred, so a last incomplete row
/// sits in the middle.
/// </summary>
internal static class GridLayout
{
    /// <summary>Columns or rows at most.</summary>
    public const int MaxLines = 5;

    public static PixelRect[] Arrange(PixelRect area, int gap, bool landscape, int count)
    {
        var (columns, rows) = Shape(area, gap, landscape, count);
        var width = ((area.Width - ((columns - 1) * gap)) / columns) & ~1;
        var height = ((area.Height - ((rows - 1) * gap)) / rows) & ~1;
        var top = area.Y + (((area.Height - ((rows * height) + ((rows - 1) * gap))) / 2) & ~1);
        var tiles = new PixelRect[count];
        for (var i = 0; i < count; i++)
        {
            var row = i / columns;
            var inRow = Math.Min(columns, count - (row * columns));
            var left = area.X + (((area.Width - ((inRow * width) + ((inRow - 1) * gap))) / 2) & ~1);
            tiles[i] = new PixelRect(left + ((i % columns) * (width + gap)), top + (row * (height + gap)), width, height).ToEven();
        }

        return tiles;
    }

    /// <summary>The columns and rows for <paramref name="count"/> tiles.</summary>
    public static (int Columns, int Rows) Shape(PixelRect area, int gap, bool landscape, int count)
    {
        var most = Math.Min(count, MaxLines);
        var best = (Columns: 1, Rows: count);
        var bestArea = -1L;
        for (var k = 0; k < most; k++)
        {
            var columns = landscape ? most - k : k + 1;
            var rows = (count + columns - 1) / columns;
            if (rows > MaxLines)
            {
                continue;
            }

            var picture = LayoutEngine.PictureArea(
                (area.Width - ((columns - 1) * gap)) / columns, (area.Height - ((rows - 1) * gap)) / rows, area);
            if (bestArea < 0 || LayoutEngine.ClearlyLarger(picture, bestArea))
            {
                (best, bestArea) = ((columns, rows), picture);
            }
        }

        return best;
    }
}
