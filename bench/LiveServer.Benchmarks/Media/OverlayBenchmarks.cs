using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using LiveServer.Domain.Livestreams;
using LiveServer.Media.Compositing;
using LiveServer.Media.Decoding;
using LiveServer.Media.Layout;
using LiveServer.Media.Video;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveServer.Benchmarks.Media;

/// <summary>
/// What <c>config.overlays</c> adds to a compositor frame: the 720p GRID of four pictures of
/// <see cref="CompositorRenderBenchmarks"/> without overlays, with the poll card (four options), and
/// with the card and the most reaction sprites alive (a storm of every type pushed every 8 frames, as
/// the 250 ms reaction push does at 30 fps; the push's own few bytes show in the allocation column).
/// </summary>
[MemoryDiagnoser]
public class OverlayBenchmarks
{
    private static readonly string[] Types = ["heart", "clap", "laugh", "wow", "fire", "thumbsup"];
    private readonly Dictionary<string, long> _storm = Types.ToDictionary(t => t, _ => 1000L);
    private Compositor _plain = null!;
    private Compositor _poll = null!;
    private Compositor _both = null!;
    private OverlayState _bothState = null!;
    private I420Image _canvas;
    private int _frame;

    [GlobalSetup]
    public void Setup()
    {
        var format = (LivestreamConfig.Default with { Quality = Quality.Med }).ToOutputFormat();
        _canvas = new I420Image(new byte[I420Image.SizeOf(format.Width, format.Height)], format.Width, format.Height);
        _plain = NewCompositor(format);
        _poll = NewCompositor(format);
        _both = NewCompositor(format);
        var pollState = new OverlayState(Types);
        _poll.Overlays.Attach(pollState);
        _poll.Overlays.Enabled = new OverlayConfig(Reactions: false, Poll: true);
        _bothState = new OverlayState(Types);
        _both.Overlays.Attach(_bothState);
        _both.Overlays.Enabled = new OverlayConfig(Reactions: true, Poll: true);
        var snapshot = new PollSnapshot(
            "poll_bench", "Which talk should come next this afternoon?", ["Databases", "Compilers", "Networks", "Graphics"], [40, 25, 20, 15], 100, DateTimeOffset.UtcNow, null);
        pollState.ShowPoll(snapshot);
        _bothState.ShowPoll(snapshot);
        for (var i = 0; i < 90; i++)
        {
            RenderCardAndReactions720p();
        }
    }

    [Benchmark(Baseline = true)]
    public void RenderNoOverlays720p() => _plain.Render(_canvas);

    [Benchmark]
    public void RenderPollCard720p() => _poll.Render(_canvas);

    [Benchmark]
    public void RenderCardAndReactions720p()
    {
        if (_frame++ % 8 == 0)
        {
            _bothState.AddReactions(_storm);
        }

        _both.Render(_canvas);
    }

    private static Compositor NewCompositor(OutputFormat format)
    {
        var compositor = new Compositor(format, audioOnly: false, TimeProvider.System, NullLogger.Instance);
        var tiles = LayoutEngine.Arrange(LivestreamConfig.Default.Layout, format.Width, format.Height, 4);
        compositor.SetScene(new CompositorScene(
            [
                new SceneTile(tiles[0], new StillPicture(Solid(1280, 720, 200, 40, 40)), "Ada Lovelace", Speaking: true),
                new SceneTile(tiles[1], new StillPicture(Solid(1280, 720, 40, 200, 40)), "Grace Hopper"),
                new SceneTile(tiles[2], new StillPicture(Solid(1280, 720, 40, 40, 200)), "Bartholomew Fitzgerald-Montgomery the Third"),
                new SceneTile(tiles[3], new StillPicture(Solid(1280, 720, 200, 200, 40)), "Bob"),
            ],
            ThemePalette.For(Theme.Dark),
            []));
        return compositor;
    }

    private static DecodedPicture Solid(int width, int height, byte r, byte g, byte b)
    {
        var picture = new DecodedPicture(width, height);
        if (!MemoryMarshal.TryGetArray<byte>(picture.BackBuffer, out var back))
        {
            throw new InvalidOperationException("The picture has no array.");
        }

        new I420Image(back.Array!, width, height).Fill(YuvColor.FromRgb(r, g, b));
        picture.Publish();
        return picture;
    }

    private sealed class StillPicture(DecodedPicture picture) : IPictureSource
    {
        public DecodedPicture? Picture { get; } = picture;
    }
}
