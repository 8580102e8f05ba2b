using LiveServer.Media.Audio;
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
    PcmJitterBuffer[] AudioSources);
