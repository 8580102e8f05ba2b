using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Participants;
using LiveServer.Domain.Rooms;
using LiveServer.Media.Audio;
using LiveServer.Media.Compositing;
using LiveServer.Media.Codecs;
using LiveServer.Media.Livestreams;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveServer.Media.Tests.Livestreams;

/// <summary>How each tile's picture fills it: cameras by <c>config.layout.fit</c> (cover when unset), screen shares always whole.</summary>
public sealed class SceneBuilderFitTests : IAsyncLifetime
{
    private readonly Room _room = new("r", DateTimeOffset.UtcNow);
    private readonly Dictionary<string, CompositorInput> _inputs = [];

    public async Task InitializeAsync()
    {
        // No frame is ever published, so the decoders start no FFmpeg.
        foreach (var (id, screen) in new[] { ("cam", false), ("sharer", true) })
        {
            var participant = new Participant(
                id, id, ParticipantKind.Test, DateTimeOffset.UtcNow.AddSeconds(_inputs.Count),
                new ParticipantTrack(TrackKind.Video, MediaCodec.Vp8), null, () => ValueTask.CompletedTask,
                screenShare: screen ? new ParticipantTrack(TrackKind.Video, MediaCodec.Vp8) : null);
            Assert.True(_room.TryAdd(participant, 10));
            _inputs[id] = new CompositorInput(participant, decodeVideo: true, "ffmpeg", TimeSpan.FromSeconds(1), NullLogger.Instance);
        }

        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var input in _inputs.Values)
        {
            await input.DisposeAsync();
        }
    }

    private SceneTile[] Tiles(LayoutType type, TileFit? fit) => SceneBuilder.Build(
        LivestreamConfig.Default with { Layout = new LayoutConfig(type, LayoutPriority.Speaker, 4, fit) }, _room, _inputs, new SpeakerDetector()).Tiles;

    [Fact]
    public void Build_NoFitSet_CamerasCover()
    {
        Assert.All(Tiles(LayoutType.Grid, null), tile => Assert.Equal(TileFit.Cover, tile.Fit));
    }

    [Theory]
    [InlineData(TileFit.Cover)]
    [InlineData(TileFit.Contain)]
    public void Build_FitSet_CamerasFollowItScreenShareAlwaysContained(TileFit fit)
    {
        var tiles = Tiles(LayoutType.Sidebar, fit);

        var share = Assert.Single(tiles, t => t.Name.EndsWith("(screen)", StringComparison.Ordinal));
        Assert.Equal(TileFit.Contain, share.Fit);
        Assert.All(tiles.Where(t => !t.Name.EndsWith("(screen)", StringComparison.Ordinal)), tile => Assert.Equal(fit, tile.Fit));
    }

    [Fact]
    public void Build_CameraTile_PassesTheFitOnWithTheSize()
    {
        var tile = Tiles(LayoutType.Grid, TileFit.Cover)[0];

        var source = Assert.IsType<FittedPictureSource>(tile.Video);
        Assert.Equal(TileFit.Cover, source.Fit);
        Assert.Same(_inputs[tile.Name].Video, source.Source);
    }
}
