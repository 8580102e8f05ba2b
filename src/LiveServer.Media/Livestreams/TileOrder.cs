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
/// A screen share takes the main tile of SPOTLIGHT and SIDEBAR over every camera (see
/// <see cref="ChooseTiles"/>); GRID ignores screen shares.
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

    /// <summary>
    /// The visible tiles, main tile first, with screen shares. In SPOTLIGHT and SIDEBAR a screen share
    /// fills the main tile: with PIN priority the first pinned participant that shares, else the most
    /// recently started share. The SIDEBAR strip then holds the top of the camera ranking (the
    /// sharer's camera included) in join order. Without a share, and always in GRID, the tiles are
    /// the cameras of <see cref="Choose"/>.
    /// </summary>
    /// <param name="layout">The layout and priority.</param>
    /// <param name="participants">Every participant's id, in join order.</param>
    /// <param name="pins">Pinned ids, first pinned first (used with PIN priority only).</param>
    /// <param name="recentSpeakers">Ids that had the floor, most recent first.</param>
    /// <param name="screenSharers">Ids of participants with a screen share, most recently started first.</param>
    public static IReadOnlyList<TileSlot> ChooseTiles(
        LayoutConfig layout,
        IReadOnlyList<string> participants,
        IReadOnlyList<string> pins,
        IReadOnlyList<string> recentSpeakers,
        IReadOnlyList<string> screenSharers)
    {
        var present = new HashSet<string>(participants, StringComparer.Ordinal);
        var sharers = screenSharers.Where(present.Contains).ToList();
        if (layout.Type == LayoutType.Grid || sharers.Count == 0)
        {
            return [.. Choose(layout, participants, pins, recentSpeakers).Select(id => new TileSlot(id, false))];
        }

        var sharer = layout.Priority == LayoutPriority.Pin
            ? pins.FirstOrDefault(sharers.Contains) ?? sharers[0]
            : sharers[0];
        var pinned = layout.Priority == LayoutPriority.Pin
            ? pins.Where(present.Contains).Distinct(StringComparer.Ordinal)
            : [];
        var strip = pinned
            .Concat(recentSpeakers.Where(present.Contains))
            .Concat(participants)
            .Distinct(StringComparer.Ordinal)
            .Take(LayoutEngine.VisibleCount(layout) - 1)
            .ToHashSet(StringComparer.Ordinal);
        return [new TileSlot(sharer, true), .. participants.Where(strip.Contains).Select(id => new TileSlot(id, false))];
    }
}
