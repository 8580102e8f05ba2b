using LiveServer.Domain.Livestreams;
using LiveServer.Media.Layout;

namespace LiveServer.Media.Livestreams;

/// <summary>
/// Who is shown and in which tile. Priority ranks everyone: SPEAKER puts the most recent active
/// speakers first, then join order; PIN puts pinned participants first (in pin order), then the
/// speakers, then join order. The first <see cref="LayoutEngine.VisibleCount"/> of the ranking are
/// visible. SPOTLIGHT and SIDEBAR put the top of the ranking in the main tile; the other visible
/// tiles (the sidebar strip, the whole GRID after any pins) keep join order, so a speaker change
/// swaps who is visible or main but does not reshuffle everyone else's tiles.
/// </summary>
public static class TileOrder
{
    /// <summary>The visible participants' ids, in the order of the layout's tiles (main tile first).</summary>
    /// <param name="layout">The layout and priority.</param>
    /// <param name="participants">Every participant's id, in join order.</param>
    /// <param name="pins">Pinned ids, first pinned first (used with PIN priority only).</param>
    /// <param name="recentSpeakers">Ids that had the floor, most recent first.</param>
    public static IReadOnlyList<string> Choose(
        LayoutConfig layout, IReadOnlyList<string> participants, IReadOnlyList<string> pins, IReadOnlyList<string> recentSpeakers)
    {
        var present = new HashSet<string>(participants, StringComparer.Ordinal);
        var pinned = layout.Priority == LayoutPriority.Pin
            ? pins.Where(present.Contains).Distinct(StringComparer.Ordinal).ToList()
            : [];
        var ranking = pinned
            .Concat(recentSpeakers.Where(present.Contains))
            .Concat(participants)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var visible = ranking.Take(LayoutEngine.VisibleCount(layout)).ToList();
        var leading = layout.Type == LayoutType.Grid
            ? pinned.Where(visible.Contains).ToList()
            : visible.Take(1).ToList();
        var rest = participants.Where(id => visible.Contains(id) && !leading.Contains(id));
        return [.. leading.Concat(rest)];
    }
}
