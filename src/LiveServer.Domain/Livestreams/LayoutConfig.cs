namespace LiveServer.Domain.Livestreams;

/// <summary>The validated layout part of a livestream config.</summary>
/// <param name="Type">GRID, SPOTLIGHT or SIDEBAR.</param>
/// <param name="Priority">SPEAKER or PIN.</param>
/// <param name="GridSize">Visible tiles, 1 to <see cref="MaxGridSize"/>.</param>
/// <param name="Fit">
/// How cameras fill their tiles (<c>config.layout.fit</c>); null for the default, <see cref="TileFit.Cover"/>.
/// Screen shares are always <see cref="TileFit.Contain"/>, whatever this says.
/// </param>
public sealed record LayoutConfig(LayoutType Type, LayoutPriority Priority, int GridSize, TileFit? Fit = null)
{
    /// <summary>The most tiles a layout shows (VideoSDK's limit).</summary>
    public const int MaxGridSize = 25;
}
