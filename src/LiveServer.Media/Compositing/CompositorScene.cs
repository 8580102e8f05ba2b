using LiveServer.Media.Audio;
using LiveServer.Media.Templates;
using LiveServer.Media.Video;

namespace LiveServer.Media.Compositing;

/// <summary>
/// What the compositor draws and mixes, fixed until the next change (a join, a leave, a pin, a
/// config change). Built off the clock and swapped in whole, so a tick reads it without locks.
/// </summary>
/// <param name="Tiles">Visible participants and their tiles, main participant first.</param>
/// <param name="Palette">The theme's colours.</param>
/// <param name="AudioSources">The audio of every participant, visible or not.</param>
public sealed record CompositorScene(
    SceneTile[] Tiles,
    ThemePalette Palette,
    PcmJitterBuffer[] AudioSources)
{
    /// <summary>
    /// A template page's latest image, drawn over the tiles (which then carry no labels); null for a
    /// built-in layout. While it answers null (the page has not drawn yet) only the background is drawn.
    /// </summary>
    public Func<TemplateImage?>? Page { get; init; }
}
