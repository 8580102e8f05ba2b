using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using LiveServer.Domain.Livestreams;
using LiveServer.Media.Audio;
using LiveServer.Media.Compositing;
using LiveServer.Media.Decoding;
using LiveServer.Media.Layout;
using LiveServer.Media.Video;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveServer.Benchmarks.Media;

/// <summary>
/// Bilinear scale + blit of a 1280x720 I420 picture into a 640x360 tile of a 720p canvas, against
/// copying the tile's byte count (640x360 I420 = 345,600 bytes) with Span.CopyTo.
/// </summary>
[MemoryDiagnoser]
public class I420ScaleBenchmarks
{
    private const int TileBytes = 640 * 360 * 3 / 2;
    private readonly I420Scaler _scaler = new();
    private byte[] _source = null!;
    private byte[] _copy = null!;
    private I420Image _canvas;

    [GlobalSetup]
    public void Setup()
    {
        _source = new byte[I420Image.SizeOf(1280, 720)];
        new Random(3).NextBytes(_source);
        _copy = new byte[TileBytes];
        _canvas = new I420Image(new byte[I420Image.SizeOf(1280, 720)], 1280, 720);
    }

    [Benchmark(Baseline = true)]
    [BytesPerOperation(TileBytes)]
    public void CopyTileBytes() => _source.AsSpan(0, TileBytes).CopyTo(_copy);

    [Benchmark]
    [BytesPerOperation(TileBytes)]
    public void Scale720pInto360pTile() => _scaler.Scale(_source, 1280, 720, _canvas, new PixelRect(640, 360, 640, 360));
}

/// <summary>
/// One compositor frame: a 720p GRID of four 1280x720 pictures with name labels and a speaking
/// border (as CompositorAllocationTests builds it), against copying a 720p I420 frame's bytes.
/// </summary>
[MemoryDiagnoser]
public class CompositorRenderBenchmarks
{
    private const int FrameBytes = 1280 * 720 * 3 / 2;
    private Compositor _compositor = null!;
    private I420Image _canvas;
    private byte[] _source = null!;

    [GlobalSetup]
    public void Setup()
    {
        var format = (LivestreamConfig.Default with { Quality = Quality.Med }).ToOutputFormat();
        _compositor = new Compositor(format, audioOnly: false, TimeProvider.System, NullLogger.Instance);
        var tiles = LayoutEngine.Arrange(LivestreamConfig.Default.Layout, format.Width, format.Height, 4);
        _compositor.SetScene(new CompositorScene(
            [
                new SceneTile(tiles[0], new StillPicture(Solid(1280, 720, 200, 40, 40)), "Ada Lovelace", Speaking: true),
                new SceneTile(tiles[1], new StillPicture(Solid(1280, 720, 40, 200, 40)), "Grace Hopper"),
                new SceneTile(tiles[2], new StillPicture(Solid(1280, 720, 40, 40, 200)), "Bartholomew Fitzgerald-Montgomery the Third"),
                new SceneTile(tiles[3], new StillPicture(Solid(1280, 720, 200, 200, 40)), "Bob"),
            ],
            ThemePalette.For(Theme.Dark),
            [.. Enumerable.Range(0, 4).Select(_ => new PcmJitterBuffer())]));
        _canvas = new I420Image(new byte[I420Image.SizeOf(format.Width, format.Height)], format.Width, format.Height);
        _source = new byte[FrameBytes];
    }

    [Benchmark(Baseline = true)]
    [BytesPerOperation(FrameBytes)]
    public void CopyFrameBytes() => _source.AsSpan().CopyTo(_canvas.Buffer);

    [Benchmark]
    [BytesPerOperation(FrameBytes)]
    public void Render4Tiles720p() => _compositor.Render(_canvas);

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
