using LiveServer.Domain.Livestreams;
using LiveServer.Media.Video;

namespace LiveServer.Media.Layout;

/// <summary>
/// Tile geometry for a canvas, for up to <see cref="LayoutConfig.MaxGridSize"/> tiles. Tiles keep a
/// margin and gap of 1/90 of the canvas's shorter side and even coordinates.
/// <list type="bullet">
/// <item>GRID (<see cref="GridLayout"/>): equal tiles on up to 5 × 5, the columns and rows chosen so a
/// picture of the canvas's shape is largest in a tile (landscape prefers columns, portrait rows, when
/// two shapes come within 5 %); every row, the last incomplete one too, centred.</item>
/// <item>SPOTLIGHT: one tile.</item>
/// <item>SIDEBAR (<see cref="SidebarLayout"/>): a main tile and a strip of gridSize - 1 slots that takes
/// the rest (right in landscape, bottom in portrait): a quarter of the canvas in one lane, a third
/// when the slots need 2 to 5 lanes, as many lanes as make a picture of the canvas's shape largest in
/// a slot. Slots are no longer along the strip than a 16:9 picture across their lane needs, fill the
/// lanes across first, and the occupied block is centred along the strip.</item>
/// </list>
/// </summary>
public static class LayoutEngine
{
    /// <summary>How many participants a layout shows at most.</summary>
    public static int VisibleCount(LayoutConfig layout) => layout.Type switch
    {
        LayoutType.Spotlight => 1,
        _ => Math.Clamp(layout.GridSize, 1, LayoutConfig.MaxGridSize),
    };

    /// <summary>The gap between tiles and the canvas's margin: 1/90 of its shorter side, even, at least 4.</summary>
    public static int GapFor(int canvasWidth, int canvasHeight) => Math.Max(4, Math.Min(canvasWidth, canvasHeight) / 90) & ~1;

    /// <summary>The tiles for <paramref name="participants"/> participants, main participant first.</summary>
    public static IReadOnlyList<PixelRect> Arrange(LayoutConfig layout, int canvasWidth, int canvasHeight, int participants)
    {
        var count = Math.Min(participants, VisibleCount(layout));
        if (count <= 0)
        {
            return [];
        }

        var gap = GapFor(canvasWidth, canvasHeight);
        var area = new PixelRect(gap, gap, canvasWidth - (2 * gap), canvasHeight - (2 * gap));
        var landscape = canvasWidth >= canvasHeight;
        return layout.Type switch
        {
            LayoutType.Spotlight => [area],
            LayoutType.Sidebar => SidebarLayout.Arrange(area, gap, landscape, count, VisibleCount(layout) - 1),
            _ => GridLayout.Arrange(area, gap, landscape, count),
        };
    }

    /// <summary>The area of the largest picture shaped like <paramref name="shape"/> inside a box of this size.</summary>
    internal static long PictureArea(int width, int height, PixelRect shape)
    {
        if (width <= 0 || height <= 0)
        {
            return 0;
        }

        var fitted = new PixelRect(0, 0, width, height).Fit(shape.Width, shape.Height);
        return (long)fitted.Width * fitted.Height;
    }

    /// <summary>True when <paramref name="candidate"/> beats <paramref name="best"/> by more than 5 % (earlier candidates win near-ties).</summary>
    internal static bool ClearlyLarger(long candidate, long best) => candidate * 100 > best * 105;
}
