using LiveServer.Media.Tests.TestKit;
using LiveServer.Media.Video;

namespace LiveServer.Media.Tests.Video;

public sealed class I420ImageTests
{
    private static readonly YuvColor Back = new(16, 128, 128);
    private static readonly YuvColor Paint = new(200, 60, 220);

    [Fact]
    public void SizeOf_Picture_OneAndAHalfBytesPerPixel()
    {
        Assert.Equal(1280 * 720 * 3 / 2, I420Image.SizeOf(1280, 720));
    }

    [Fact]
    public void Planes_Picture_LaidOutYThenUThenV()
    {
        var image = new I420Image(new byte[I420Image.SizeOf(8, 4)], 8, 4);

        Assert.Equal(32, image.YPlane.Length);
        Assert.Equal(8, image.UPlane.Length);
        Assert.Equal(8, image.VPlane.Length);
        image.VPlane[^1] = 7;
        Assert.Equal(7, image.Buffer[^1]);
        image.UPlane[0] = 5;
        Assert.Equal(5, image.Buffer[32]);
    }

    [Theory]
    [InlineData(7, 4, 100)]
    [InlineData(8, 5, 100)]
    [InlineData(8, 4, 47)]
    public void Constructor_OddSizeOrShortBuffer_Throws(int width, int height, int bufferLength)
    {
        Assert.Throws<ArgumentException>(() => new I420Image(new byte[bufferLength], width, height));
    }

    [Fact]
    public void Fill_Whole_EveryPixel()
    {
        var image = Pictures.Solid(16, 8, Paint);

        Assert.Empty(Pictures.Mismatches(image, (_, _) => Paint));
    }

    [Fact]
    public void Fill_Rect_OnlyTouchesTheRect()
    {
        var image = Pictures.Solid(32, 16, Back);
        var rect = new PixelRect(6, 4, 10, 8);

        image.Fill(rect, Paint);

        Assert.Empty(Pictures.Mismatches(image, (x, y) => Pictures.Contains(rect, x, y) ? Paint : Back));
    }

    [Fact]
    public void Fill_OddRect_RoundedInward()
    {
        var image = Pictures.Solid(32, 16, Back);

        image.Fill(new PixelRect(5, 3, 11, 9), Paint);

        var inner = new PixelRect(6, 4, 10, 8);
        Assert.Empty(Pictures.Mismatches(image, (x, y) => Pictures.Contains(inner, x, y) ? Paint : Back));
    }

    [Fact]
    public void Fill_RectPartlyOutside_ClippedToPicture()
    {
        var image = Pictures.Solid(16, 8, Back);

        image.Fill(new PixelRect(-4, -4, 10, 8), Paint);

        var visible = new PixelRect(0, 0, 6, 4);
        Assert.Empty(Pictures.Mismatches(image, (x, y) => Pictures.Contains(visible, x, y) ? Paint : Back));
    }

    [Fact]
    public void Fill_RectFullyOutside_NothingChanges()
    {
        var image = Pictures.Solid(16, 8, Back);

        image.Fill(new PixelRect(20, 0, 10, 8), Paint);

        Assert.Empty(Pictures.Mismatches(image, (_, _) => Back));
    }

    [Fact]
    public void Clip_RectOverEdges_PartInside()
    {
        var image = new I420Image(new byte[I420Image.SizeOf(100, 50)], 100, 50);

        Assert.Equal(new PixelRect(90, 0, 10, 20), image.Clip(new PixelRect(90, -10, 30, 30)));
        Assert.True(image.Clip(new PixelRect(200, 0, 10, 10)).IsEmpty);
    }
}
