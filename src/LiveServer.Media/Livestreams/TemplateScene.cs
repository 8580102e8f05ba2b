using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Rooms;
using LiveServer.Media.Audio;
using LiveServer.Media.Compositing;
using LiveServer.Media.Templates;

namespace LiveServer.Media.Livestreams;

/// <summary>
/// The scene of a livestream drawn by a template page: each slot the page reported gets a
/// participant's camera in its rectangle, fitted as the slot's CSS <c>object-fit</c> says, and the
/// page's image goes over all of them. <c>data-liveserver-participant</c> slots show that
/// participant; <c>data-liveserver-slot="N"</c> slots show the N-th of the others in the
/// livestream's priority order: slot 0 the top of the ranking (the active speaker, or the first pin
/// with PIN priority), the rest in join order, as the main tile and strip of SIDEBAR do. No labels
/// or speaking borders are drawn: the page draws its own from <see cref="TemplateAssignment"/>s.
/// </summary>
public static class TemplateScene
{
    /// <summary>The most numbered slots a page may fill (as many as GRID's largest grid).</summary>
    public const int MaxNumberedSlots = 25;

    /// <summary>The scene over <paramref name="slots"/>, and who ended up in which slot (for the page).</summary>
    public static (CompositorScene Scene, IReadOnlyList<TemplateAssignment> Assignments) Build(
        LivestreamConfig config,
        Room room,
        IReadOnlyDictionary<string, CompositorInput> inputs,
        SpeakerDetector speakers,
        IReadOnlyList<TemplateSlot> slots,
        Func<TemplateImage?> page)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(speakers);
        ArgumentNullException.ThrowIfNull(slots);
        var joined = room.Participants.Where(p => inputs.ContainsKey(p.Id)).Select(p => p.Id).ToList();
        var named = slots.Where(s => s.Index is null && s.ParticipantId is { } id && inputs.ContainsKey(id))
            .Select(s => s.ParticipantId!)
            .ToHashSet(StringComparer.Ordinal);
        var numbered = slots.Where(s => s.Index is not null).ToList();
        var count = numbered.Count == 0 ? 0 : Math.Min(MaxNumberedSlots, numbered.Max(s => s.Index!.Value) + 1);
        var ranked = count == 0
            ? []
            : TileOrder.Choose(
                config.Layout with { Type = LayoutType.Sidebar, GridSize = count },
                [.. joined.Where(id => !named.Contains(id))],
                room.Pins,
                speakers.RecentSpeakers);
        var speaker = speakers.ActiveSpeaker;
        var tiles = new List<SceneTile>(slots.Count);
        var assignments = new List<TemplateAssignment>(slots.Count);
        foreach (var slot in slots)
        {
            var participantId = slot.Index is { } index ? (index < ranked.Count ? ranked[index] : null) : slot.ParticipantId;
            if (participantId is null || !inputs.TryGetValue(participantId, out var input))
            {
                continue;
            }

            var video = input.Video is null ? null : new FittedPictureSource(input.Video, slot.Fit);
            tiles.Add(new SceneTile(slot.Rect, video, string.Empty, false, slot.Fit));
            assignments.Add(new TemplateAssignment(slot.Index, participantId, input.Name, participantId == speaker));
        }

        var scene = new CompositorScene(
            [.. tiles],
            Video.ThemePalette.For(config.Theme),
            [.. inputs.Values.Where(i => i.Audio is not null).Select(i => i.Audio!.Buffer)])
        {
            Page = page,
        };
        return (scene, assignments);
    }
}
