using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Participants;
using LiveServer.Domain.Rooms;
using LiveServer.Media.Audio;
using LiveServer.Media.Codecs;
using LiveServer.Media.Compositing;
using LiveServer.Media.Livestreams;
using LiveServer.Media.Templates;
using LiveServer.Media.Video;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveServer.Media.Tests.Livestreams;

/// <summary>
/// Who a template's slots show: a participant slot its participant, numbered slots the others in
/// priority order (slot 0 the top of the ranking, the rest in join order), each with the slot's
/// rectangle and fit, no labels; and the page image is the scene's last layer.
/// </summary>
public sealed class TemplateSceneTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow;
    private readonly Room _room = new("r", Start);
    private readonly Dictionary<string, CompositorInput> _inputs = [];

    public Task InitializeAsync()
    {
        // No frame is ever published, so the decoders start no FFmpeg.
        foreach (var id in new[] { "ann", "bob", "cid" })
        {
            var participant = new Participant(
                id, id.ToUpperInvariant(), ParticipantKind.Test, Start.AddSeconds(_inputs.Count),
                new ParticipantTrack(TrackKind.Video, MediaCodec.Vp8), null, () => ValueTask.CompletedTask);
            Assert.True(_room.TryAdd(participant, 10));
            _inputs[id] = new CompositorInput(participant, decodeVideo: true, "ffmpeg", TimeSpan.FromSeconds(1), NullLogger.Instance);
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var input in _inputs.Values)
        {
            await input.DisposeAsync();
        }
    }

    [Fact]
    public void Build_NumberedSlots_JoinOrderWithoutASpeaker_AndTheSlotsRectAndFit()
    {
        var slots = new[]
        {
            new TemplateSlot(0, null, new PixelRect(10, 20, 300, 200), TileFit.Cover),
            new TemplateSlot(1, null, new PixelRect(400, 20, 100, 180), TileFit.Contain),
        };

        var (scene, assignments) = Build(slots);

        Assert.Equal(["ann", "bob"], assignments.Select(a => a.ParticipantId));
        Assert.Equal([0, 1], assignments.Select(a => a.Slot!.Value));
        Assert.Equal(["ANN", "BOB"], assignments.Select(a => a.Name));
        Assert.Equal(slots.Select(s => s.Rect), scene.Tiles.Select(t => t.Rect));
        Assert.Equal([TileFit.Cover, TileFit.Contain], scene.Tiles.Select(t => t.Fit));
        Assert.All(scene.Tiles, tile => Assert.Equal(string.Empty, tile.Name));
        Assert.Equal(TileFit.Contain, Assert.IsType<FittedPictureSource>(scene.Tiles[1].Video).Fit);
    }

    [Fact]
    public void Build_ParticipantSlot_ShowsThatParticipant_WhoIsLeftOutOfTheNumberedOnes()
    {
        var slots = new[]
        {
            new TemplateSlot(null, "ann", new PixelRect(0, 0, 200, 200), TileFit.Cover),
            new TemplateSlot(0, null, new PixelRect(300, 0, 200, 200), TileFit.Cover),
            new TemplateSlot(1, null, new PixelRect(600, 0, 200, 200), TileFit.Cover),
        };

        var (_, assignments) = Build(slots);

        Assert.Equal(["ann", "bob", "cid"], assignments.Select(a => a.ParticipantId));
        Assert.Equal([null, 0, 1], assignments.Select(a => a.Slot));
    }

    [Fact]
    public void Build_MoreSlotsThanParticipants_EmptySlotsHaveNoTile()
    {
        var slots = Enumerable.Range(0, 5).Select(i => new TemplateSlot(i, null, new PixelRect(i * 100, 0, 90, 90), TileFit.Cover)).ToArray();

        var (scene, assignments) = Build(slots);

        Assert.Equal(3, scene.Tiles.Length);
        Assert.Equal(3, assignments.Count);
    }

    [Fact]
    public void Build_UnknownParticipantSlot_IsEmpty()
    {
        var (scene, assignments) = Build([new TemplateSlot(null, "nobody", new PixelRect(0, 0, 90, 90), TileFit.Cover)]);

        Assert.Empty(scene.Tiles);
        Assert.Empty(assignments);
    }

    [Fact]
    public void Build_PinPriority_FirstPinTakesSlotZero()
    {
        Assert.True(_room.Pin("cid"));
        var config = LivestreamConfig.Default with { Layout = new LayoutConfig(LayoutType.Grid, LayoutPriority.Pin, 4), TemplateUrl = "https://t.example/" };
        var slots = new[]
        {
            new TemplateSlot(0, null, new PixelRect(0, 0, 90, 90), TileFit.Cover),
            new TemplateSlot(1, null, new PixelRect(100, 0, 90, 90), TileFit.Cover),
        };

        var (_, assignments) = TemplateScene.Build(config, _room, _inputs, new SpeakerDetector(), slots, () => null);

        Assert.Equal(["cid", "ann"], assignments.Select(a => a.ParticipantId));
    }

    [Fact]
    public void Build_ThePageIsTheScenesLastLayer()
    {
        var page = TemplateImage.FromRgba(new byte[64 * 64 * 4], 64, 64, premultiplied: true);

        var (scene, _) = TemplateScene.Build(LivestreamConfig.Default, _room, _inputs, new SpeakerDetector(), [], () => page);

        Assert.Same(page, scene.Page!());
    }

    private (CompositorScene Scene, IReadOnlyList<TemplateAssignment> Assignments) Build(IReadOnlyList<TemplateSlot> slots) =>
        TemplateScene.Build(LivestreamConfig.Default with { TemplateUrl = "https://t.example/" }, _room, _inputs, new SpeakerDetector(), slots, () => null);
}
