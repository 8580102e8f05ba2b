using LiveServer.Media.Video;

namespace LiveServer.Media.Compositing;

/// <summary>
/// Where the overlays may draw on a canvas: nothing of the poll card leaves <see cref="Poll"/> and no
/// reaction leaves <see cref="Reactions"/>, and the two never meet. Landscape: the card in the lower
/// left (36 % of the width), reactions in a strip on the right (14 %, lower two thirds). Portrait: the
/// card across the top (down to 42 % of the height), reactions on the right of the lower 45 %. Every
/// edge is even, as I420 drawing needs, and a margin of 4 % of the short side keeps both off the
/// picture's edge (TV overscan).
/// </summary>
/// <param name="Poll">The poll card's area.</param>
/// <param name="Reactions">The reactions' area.</param>
/// <param name="Unit">The canvas's short side, which sizes text and shapes.</param>
public readonly record struct OverlayAreas(PixelRect Poll, PixelRect Reactions, int Unit)
{
    /// <summary>The areas of a <paramref name="width"/> x <paramref name="height"/> canvas.</summary>
    public static OverlayAreas For(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2);
        var unit = Math.Min(width, height);
        var margin = Even(Math.Max(2, unit * 4 / 100));
        if (width >= height)
        {
            var pollTop = Even(height * 25 / 100);
            var strip = Even(width * 14 / 100);
            var stripTop = Even(height * 35 / 100);
            return new OverlayAreas(
                new PixelRect(margin, pollTop, Even(width * 36 / 100), height - margin - pollTop),
                new PixelRect(width - margin - strip, stripTop, strip, height - margin - stripTop),
                unit);
        }

        var column = Even(width * 26 / 100);
        var columnTop = Even(height * 55 / 100);
        return new OverlayAreas(
            new PixelRect(margin, margin, width - (2 * margin), Even(height * 42 / 100) - margin),
            new PixelRect(width - margin - column, columnTop, column, height - margin - columnTop),
            unit);
    }

    private static int Even(int value) => value & ~1;
}
