using LiveServer.Media.Video;

namespace LiveServer.Media.Layout;

/// <summary>
/// SIDEBAR: a main tile and a strip of slots beside it (right in landscape, below in portrait), worked
/// out in strip terms: "across" is the strip's thickness (width in landscape), "along" its length.
/// The strip takes a quarter of the canvas with one lane and a third with 2 to 5; the number of lanes
/// is the one whose slot holds the largest picture of the canvas's shape (fewer lanes win near-ties,
/// so up to about four slots keep one lane). A slot is as thick as its lane and no longer along the
/// strip than a 16:9 picture of that thickness needs. Slots fill the lanes across first; the block
/// of occupied slots is centred along the strip and its last incomplete row across it.
/// </summary>
internal static class SidebarLayout
{
    /// <summary>Lanes at most.</summary>
    public const int MaxLanes = 5;

    public static PixelRect[] Arrange(PixelRect area, int gap, bool landscape, int count, int slots)
    {
        if (slots == 0)
        {
            return [area];
        }

        var span = landscape ? area.Width : area.Height;
        var length = landscape ? area.Height : area.Width;
        var strip = ChooseStrip(area, gap, landscape, slots);
        var main = span - gap - strip.Thickness;
        var tiles = new PixelRect[count];
        tiles[0] = (landscape
            ? new PixelRect(area.X, area.Y, main, area.Height)
            : new PixelRect(area.X, area.Y, area.Width, main)).ToEven();
        var used = count - 1;
        var usedRows = (used + strip.Lanes - 1) / strip.Lanes;
        var alongStart = (length - ((usedRows * strip.Along) + ((usedRows - 1) * gap))) / 2;
        // Offsets across rounded to even keep the slots of a full and of a centred row at positions of
        // one parity, so ToEven trims them alike.
        for (var j = 0; j < used; j++)
        {
            var row = j / strip.Lanes;
            var inRow = Math.Min(strip.Lanes, used - (row * strip.Lanes));
            var acrossStart = ((strip.Thickness - ((inRow * strip.Lane) + ((inRow - 1) * gap))) / 2) & ~1;
            var across = main + gap + acrossStart + ((j % strip.Lanes) * (strip.Lane + gap));
            var along = alongStart + (row * (strip.Along + gap));
            tiles[j + 1] = (landscape
                ? new PixelRect(area.X + across, area.Y + along, strip.Lane, strip.Along)
                : new PixelRect(area.X + along, area.Y + across, strip.Along, strip.Lane)).ToEven();
        }

        return tiles;
    }

    /// <summary>The strip for <paramref name="slots"/> slots: its thickness, lanes, a lane's thickness and a slot's length.</summary>
    public static Strip ChooseStrip(PixelRect area, int gap, bool landscape, int slots)
    {
        var span = landscape ? area.Width : area.Height;
        var length = landscape ? area.Height : area.Width;
        var best = default(Strip);
        var bestArea = -1L;
        for (var lanes = 1; lanes <= Math.Min(slots, MaxLanes); lanes++)
        {
            var thickness = (span - gap) / (lanes == 1 ? 4 : 3);
            var lane = (thickness - ((lanes - 1) * gap)) / lanes;
            var perLane = (slots + lanes - 1) / lanes;
            var along = Math.Min((length - ((perLane - 1) * gap)) / perLane, landscape ? lane * 9 / 16 : lane * 16 / 9);
            var picture = landscape ? LayoutEngine.PictureArea(lane, along, area) : LayoutEngine.PictureArea(along, lane, area);
            if (bestArea < 0 || LayoutEngine.ClearlyLarger(picture, bestArea))
            {
                (best, bestArea) = (new Strip(thickness, lanes, lane, along), picture);
            }
        }

        return best;
    }

    /// <summary>A strip: its thickness across, its lanes, one lane's thickness, one slot's length along.</summary>
    public readonly record struct Strip(int Thickness, int Lanes, int Lane, int Along);
}
