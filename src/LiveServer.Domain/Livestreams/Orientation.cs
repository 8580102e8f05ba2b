namespace LiveServer.Domain.Livestreams;

/// <summary>Canvas orientation.</summary>
public enum Orientation
{
    /// <summary>Wider than tall.</summary>
    Landscape,

    /// <summary>Taller than wide: width and height swapped.</summary>
    Portrait,
}
