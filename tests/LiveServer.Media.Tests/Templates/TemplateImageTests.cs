using LiveServer.Media.Templates;
using LiveServer.Media.Tests.TestKit;
using LiveServer.Media.Video;

namespace LiveServer.Media.Tests.Templates;

public sealed class TemplateImageTests
{
    private static readonly YuvColor Under = YuvColor.FromRgb(0, 0, 255);

    [Fact]
    public void DrawOver_OpaquePixels_CopyTheirColour()
    {
        var canvas = Pictures.Solid(64, 32, Under);
        TemplateImage.FromRgba(Rgba(64, 32, (_, _) => (200, 30, 60, 255)), 64, 32, premultiplied: false).DrawOver(canvas);

        Assert.Empty(Pictures.Mismatches(canvas, (_, _) => YuvColor.FromRgb(200, 30, 60)));
    }

    [Fact]
    public void DrawOver_TransparentPixels_LeaveTheCanvas()
    {
        var canvas = Pictures.Solid(64, 32, Under);
        var image = TemplateImage.FromRgba(Rgba(64, 32, (_, _) => (255, 255, 255, 0)), 64, 32, premultiplied: false);
        image.DrawOver(canvas);

        Assert.Empty(Pictures.Mismatches(canvas, (_, _) => Under));
        Assert.Equal(0, image.DrawnRuns);
    }

    [Theory]
    [InlineData(false, 255)]
    [InlineData(true, 128)]
    public void DrawOver_HalfAlpha_BlendsHalfway(bool premultiplied, byte storedRed)
    {
        var canvas = Pictures.Solid(64, 32, YuvColor.FromRgb(0, 0, 0));
        TemplateImage.FromRgba(Rgba(64, 32, (_, _) => (storedRed, 0, 0, 128)), 64, 32, premultiplied).DrawOver(canvas);

        // Red at 128/255 over black: the mean of the two colours' Y'CbCr, within rounding.
        var red = YuvColor.FromRgb(255, 0, 0);
        var black = YuvColor.FromRgb(0, 0, 0);
        var got = Pictures.At(canvas, 10, 10);
        Assert.InRange(got.Y, ((red.Y + black.Y) / 2) - 1, ((red.Y + black.Y) / 2) + 2);
        Assert.InRange(got.V, ((red.V + black.V) / 2) - 1, ((red.V + black.V) / 2) + 2);
    }

    [Fact]
    public void DrawOver_MixedRows_EachRegionAsItsAlphaSays()
    {
        // Left third opaque green, middle third transparent, right third 50 % white; a ragged 1-pixel
        // opaque line through the transparent part.
        const int width = 96, height = 16;
        var canvas = Pictures.Solid(width, height, Under);
        TemplateImage.FromRgba(Rgba(width, height, (x, y) => x switch
        {
            < 32 => (0, 255, 0, 255),
            < 64 when x == 40 && y == 4 => (255, 255, 255, 255),
            < 64 => (0, 0, 0, 0),
            _ => (255, 255, 255, 128),
        }), width, height, premultiplied: false).DrawOver(canvas);

        Assert.Equal(YuvColor.FromRgb(0, 255, 0), Pictures.At(canvas, 10, 10));
        Assert.Equal(Under, Pictures.At(canvas, 50, 10));
        Assert.Equal(YuvColor.FromRgb(255, 255, 255).Y, Pictures.At(canvas, 40, 4).Y);
        var white = YuvColor.FromRgb(255, 255, 255);
        Assert.InRange(Pictures.At(canvas, 80, 10).Y, ((white.Y + Under.Y) / 2) - 1, ((white.Y + Under.Y) / 2) + 2);
    }

    [Fact]
    public void DrawOver_ChromaAlpha_IsTheMeanOfTheBlock()
    {
        // In every 2x2 block one pixel is opaque red, three transparent: chroma moves a quarter of the way.
        var canvas = Pictures.Solid(32, 32, YuvColor.FromRgb(0, 0, 0));
        TemplateImage.FromRgba(Rgba(32, 32, (x, y) => x % 2 == 0 && y % 2 == 0 ? (255, 0, 0, 255) : (0, 0, 0, 0)), 32, 32, false).DrawOver(canvas);

        var red = YuvColor.FromRgb(255, 0, 0);
        Assert.InRange(Pictures.At(canvas, 9, 9).V, 128 + ((red.V - 128) / 4) - 1, 128 + ((red.V - 128) / 4) + 1);
        Assert.Equal(red.Y, Pictures.At(canvas, 8, 8).Y);
        Assert.Equal(YuvColor.FromRgb(0, 0, 0).Y, Pictures.At(canvas, 9, 9).Y);
    }

    [Fact]
    public void DrawOver_Repeated_AllocatesNothing()
    {
        var canvas = Pictures.Solid(256, 64, Under);
        var image = TemplateImage.FromRgba(Rgba(256, 64, (x, _) => (x, 0, 0, (byte)(x % 3 == 0 ? 0 : x))), 256, 64, false);
        image.DrawOver(canvas);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            image.DrawOver(canvas);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void DrawOver_OtherSize_Throws()
    {
        var image = TemplateImage.FromRgba(new byte[16 * 16 * 4], 16, 16, false);

        Assert.Throws<ArgumentException>(() => image.DrawOver(Pictures.Solid(32, 16, Under)));
    }

    /// <summary>Width x height RGBA from a function of (x, y).</summary>
    internal static byte[] Rgba(int width, int height, Func<int, int, (int R, int G, int B, int A)> pixel)
    {
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b, a) = pixel(x, y);
                var i = ((y * width) + x) * 4;
                (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]) = ((byte)r, (byte)g, (byte)b, (byte)a);
            }
        }

        return rgba;
    }
}
