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

    [Fact]
    public void Blend_OpaqueMask_MaskAreaTakesTheColourAndNothingElseChanges()
    {
        var image = Pictures.Solid(32, 16, Back);
        var mask = new AlphaMask(6, 4, Enumerable.Repeat((byte)255, 24).ToArray());

        image.Blend(mask, 4, 2, Paint, new PixelRect(0, 0, 32, 16));

        var area = new PixelRect(4, 2, 6, 4);
        Assert.Empty(Pictures.Mismatches(image, (x, y) => Pictures.Contains(area, x, y) ? Paint : Back));
    }

    [Fact]
    public void Blend_Clip_NothingOutsideTheClip()
    {
        var image = Pictures.Solid(32, 16, Back);
        var mask = new AlphaMask(20, 10, Enumerable.Repeat((byte)255, 200).ToArray());
        var clip = new PixelRect(8, 4, 6, 4);

        image.Blend(mask, 0, 0, Paint, clip);

        Assert.Empty(Pictures.Mismatches(image, (x, y) => Pictures.Contains(clip, x, y) ? Paint : Back));
    }

    [Fact]
    public void Blend_HalfCoverage_HalfwayBetweenColours()
    {
        var image = Pictures.Solid(4, 4, new YuvColor(16, 128, 128));
        var mask = new AlphaMask(4, 4, Enumerable.Repeat((byte)128, 16).ToArray());

        image.Blend(mask, 0, 0, new YuvColor(216, 28, 228), new PixelRect(0, 0, 4, 4));

        Assert.Equal(new YuvColor(116, 78, 178), Pictures.At(image, 1, 1));
    }

    [Fact]
    public void Blend_Opacity_ScalesCoverage()
    {
        var image = Pictures.Solid(4, 4, new YuvColor(16, 128, 128));
        var mask = new AlphaMask(4, 4, Enumerable.Repeat((byte)255, 16).ToArray());

        image.Blend(mask, 0, 0, new YuvColor(216, 128, 128), new PixelRect(0, 0, 4, 4), opacity: 64);

        Assert.Equal(66, Pictures.At(image, 2, 2).Y);
    }

    [Fact]
    public void Blend_OnePixelOfABlock_LumaFullChromaAQuarter()
    {
        var image = Pictures.Solid(4, 4, new YuvColor(16, 128, 128));
        var mask = new AlphaMask(1, 1, [255]);

        image.Blend(mask, 1, 1, new YuvColor(235, 240, 16), new PixelRect(0, 0, 4, 4));

        Assert.Equal(235, image.YPlane[(1 * 4) + 1]);
        Assert.Equal(16, image.YPlane[0]);
        Assert.Equal(156, image.UPlane[0]);
        Assert.Equal(100, image.VPlane[0]);
        Assert.Equal(128, image.UPlane[1]);
    }

    [Fact]
    public void Blend_MaskPartlyOffThePicture_LumaOfTheVisiblePartOnly()
    {
        var image = Pictures.Solid(8, 8, Back);
        var mask = new AlphaMask(6, 6, Enumerable.Repeat((byte)255, 36).ToArray());

        image.Blend(mask, -3, 5, Paint, new PixelRect(-10, -10, 100, 100));

        var visible = new PixelRect(0, 5, 3, 3);
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                Assert.Equal(Pictures.Contains(visible, x, y) ? Paint.Y : Back.Y, image.YPlane[(y * 8) + x]);
            }
        }
    }

    [Fact]
    public void DrawBorder_Thickness_OnlyTheEdgeBandChanges()
    {
        var image = Pictures.Solid(32, 24, Back);
        var rect = new PixelRect(4, 2, 20, 16);

        image.DrawBorder(rect, 4, Paint);

        var inner = new PixelRect(8, 6, 12, 8);
        Assert.Empty(Pictures.Mismatches(image, (x, y) =>
            Pictures.Contains(rect, x, y) && !Pictures.Contains(inner, x, y) ? Paint : Back));
    }
}
