using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Rooms;
using LiveServer.Media.Audio;
using LiveServer.Media.Compositing;
using LiveServer.Media.Layout;
using LiveServer.Media.Video;

namespace LiveServer.Media.Livestreams;

/// <summary>
/// What the compositor draws and mixes for a room at one moment: the tiles the layout chooses (pins,
/// recent speakers, the newest screen share) over the inputs that have joined, how each picture fills
/// its tile (cameras: <c>config.layout.fit</c>, cover by default; screen shares: always contain, so no
/// slide text is cut off), the theme's palette, and every input's audio.
/// </summary>
public static class SceneBuilder
{
    /// <summary>The scene for <paramref name="config"/> over <paramref name="inputs"/> (by participant id).</summary>
    public static CompositorScene Build(LivestreamConfig config, Room room, IReadOnlyDictionary<string, CompositorInput> inputs, SpeakerDetector speakers)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(speakers);
        var format = config.ToOutputFormat();
        var joined = room.Participants.Where(p => inputs.ContainsKey(p.Id)).ToList();
        var sharers = joined
            .Where(p => inputs[p.Id].ScreenShare is not null)
            .OrderByDescending(p => p.JoinedAt)
            .Select(p => p.Id)
            .ToList();
        var slots = TileOrder.ChooseTiles(config.Layout, [.. joined.Select(p => p.Id)], room.Pins, speakers.RecentSpeakers, sharers);
        var tiles = LayoutEngine.Arrange(config.Layout, format.Width, format.Height, slots.Count);
        var speaker = speakers.ActiveSpeaker;
        return new CompositorScene(
            [.. tiles.Select((tile, i) => Tile(inputs[slots[i].ParticipantId], tile, slots[i], speaker, config.Layout))],
            ThemePalette.For(config.Theme),
            [.. inputs.Values.Where(i => i.Audio is not null).Select(i => i.Audio!.Buffer)]);
    }

    private static SceneTile Tile(CompositorInput input, PixelRect rect, TileSlot slot, string? speaker, LayoutConfig layout) =>
        slot.IsScreenShare
            ? new SceneTile(rect, Fitted(input.ScreenShare, TileFit.Contain), input.Name + " (screen)", false, TileFit.Contain)
            : new SceneTile(rect, Fitted(input.Video, CameraFit(layout)), input.Name, input.ParticipantId == speaker, CameraFit(layout));

    /// <summary>How cameras fill their tiles: <c>config.layout.fit</c>, cover when it is not set. Screen shares are always contained.</summary>
    private static TileFit CameraFit(LayoutConfig layout) => layout.Fit ?? TileFit.Cover;

    private static FittedPictureSource? Fitted(IPictureSource? source, TileFit fit) => source is null ? null : new FittedPictureSource(source, fit);
}
