namespace LiveServer.Domain.Livestreams;

/// <summary>The validated layout part of a livestream config.</summary>
/// <param name="Type">GRID, SPOTLIGHT or SIDEBAR.</param>
/// <param name="Priority">SPEAKER or PIN.</param>
/// <param name="GridSize">Visible tiles, 1 to 4.</param>
public sealed record LayoutConfig(LayoutType Type, LayoutPriority Priority, int GridSize);
