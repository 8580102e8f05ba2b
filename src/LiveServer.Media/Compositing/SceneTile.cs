using LiveServer.Domain.Livestreams;
using LiveServer.Media.Video;

namespace LiveServer.Media.Compositing;

/// <summary>One visible participant in a <see cref="CompositorScene"/>.</summary>
/// <param name="Rect">Where the tile is on the canvas.</param>
/// <param name="Video">The participant's pictures; null for a participant without video.</param>
/// <param name="Name">The participant's display name, for its label and placeholder.</param>
/// <param name="Speaking">True while the participant is the active speaker (its tile is marked).</param>
/// <param name="Fit">How the picture fills the tile: cropped to cover it (cameras by default) or whole (screen shares).</param>
public readonly record struct SceneTile(
    PixelRect Rect, IPictureSource? Video, string Name = "", bool Speaking = false, TileFit Fit = TileFit.Cover);
