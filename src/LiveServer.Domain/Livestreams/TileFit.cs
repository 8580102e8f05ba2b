namespace LiveServer.Domain.Livestreams;

/// <summary>How a participant's picture is fitted into a tile or template slot of another shape (CSS <c>object-fit</c>).</summary>
public enum TileFit
{
    /// <summary>Scaled to fill the tile, the overflow cropped evenly from both sides (cameras by default).</summary>
    Cover,

    /// <summary>Scaled to fit whole inside the tile, the rest left to the tile's colour (screen shares).</summary>
    Contain,
}
