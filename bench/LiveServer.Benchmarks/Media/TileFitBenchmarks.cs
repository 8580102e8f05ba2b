using BenchmarkDotNet.Attributes;
using LiveServer.Domain.Livestreams;
using LiveServer.Media.Decoding;
using LiveServer.Media.Video;

namespace LiveServer.Benchmarks.Media;

/// <summary>
/// Drawing a 1280x720 camera into the SIDEBAR main tile of a 720p canvas (942x704): contained at the
/// size the decoder fits it to (942x530, copied), covering at the size the decoder covers it with
/// (1252x704, the tile's crop copied), and covering from the source's own size (cropped and rescaled
/// every frame, what a decoder that ignored the fit would cost).
/// </summary>
[MemoryDiagnoser]
public class TileFitBenchmarks
{
    private static readonly PixelRect Tile = new(8, 8, 942, 704);
    private readonly I420Scaler _scaler = new();
    private DecodedPicture _fitted = null!;
    private DecodedPicture _covering = null!;
    private DecodedPicture _source = null!;
    private I420Image _canvas;

    [GlobalSetup]
    public void Setup()
    {
        var fitted = Tile.Fit(1280, 720);
        _fitted = Picture(fitted.Width, fitted.Height);
        var (width, height) = Tile.CoverSize(1280, 720);
        _covering = Picture(width, height);
        _source = Picture(1280, 720);
        _canvas = new I420Image(new byte[I420Image.SizeOf(1280, 720)], 1280, 720);
    }

    [Benchmark(Baseline = true)]
    public bool ContainAtFittedSize() => _fitted.DrawInto(_canvas, Tile, _scaler, TileFit.Contain);

    [Benchmark]
    public bool CoverAtCoveringSize() => _covering.DrawInto(_canvas, Tile, _scaler, TileFit.Cover);

    [Benchmark]
    public bool CoverFromSourceSize() => _source.DrawInto(_canvas, Tile, _scaler, TileFit.Cover);

    private static DecodedPicture Picture(int width, int height)
    {
        var picture = new DecodedPicture(width, height, 1280, 720);
        new Random(5).NextBytes(picture.BackBuffer.Span);
        picture.Publish();
        return picture;
    }
}
