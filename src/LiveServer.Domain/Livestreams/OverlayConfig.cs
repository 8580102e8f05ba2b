namespace LiveServer.Domain.Livestreams;

/// <summary>
/// What the compositor draws over the layout (<c>config.overlays</c>), for viewers whose player has no
/// page around it (TVs, VLC): both off unless asked for, and changeable while the livestream runs.
/// </summary>
/// <param name="Reactions">True: the audience's reactions rise as small shapes from the lower right.</param>
/// <param name="Poll">True: the running poll's question, options and results are shown on a card.</param>
public sealed record OverlayConfig(bool Reactions, bool Poll)
{
    /// <summary>Nothing drawn over the layout.</summary>
    public static OverlayConfig None { get; } = new(false, false);

    /// <summary>True when either overlay is on.</summary>
    public bool Any => Reactions || Poll;
}
