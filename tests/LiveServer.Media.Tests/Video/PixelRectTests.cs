using LiveServer.Media.Video;

namespace LiveServer.Media.Tests.Video;

public sealed class PixelRectTests
{
    private static bool IsEven(PixelRect r) => (r.X | r.Y | r.Width | r.Height) % 2 == 0;

    [Fact]
    public void ToEven_AlreadyEven_Unchanged()
    {
        var rect = new PixelRect(2, 4, 100, 50);

        Assert.Equal(rect, rect.ToEven());
    }

    [Fact]
    public void ToEven_OddEdges_RoundedInward()
    {
        // left 1 -> 2, top 3 -> 4, right 11 -> 10, bottom 13 -> 12
        Assert.Equal(new PixelRect(2, 4, 8, 8), new PixelRect(1, 3, 10, 10).ToEven());
    }

    [Fact]
    public void ToEven_OddSizeOnEvenOrigin_ShrinksByOne()
    {
        Assert.Equal(new PixelRect(0, 0, 170, 310), new PixelRect(0, 0, 171, 311).ToEven());
    }

    [Fact]
    public void ToEven_OnePixelWide_Empty()
    {
        Assert.True(new PixelRect(3, 3, 1, 1).ToEven().IsEmpty);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 0)]
    [InlineData(-2, 10)]
    public void IsEmpty_NoArea_True(int width, int height)
    {
        Assert.True(new PixelRect(0, 0, width, height).IsEmpty);
    }

    [Fact]
    public void Fit_WideSourceInSquare_Letterboxed()
    {
        var fitted = new PixelRect(0, 0, 640, 640).Fit(1280, 720);

        Assert.Equal(new PixelRect(0, 140, 640, 360), fitted);
    }

    [Fact]
    public void Fit_NarrowSourceInWideRect_Pillarboxed()
    {
        var fitted = new PixelRect(0, 0, 1280, 720).Fit(640, 480);

        Assert.Equal(new PixelRect(160, 0, 960, 720), fitted);
    }

    [Fact]
    public void Fit_SameAspect_FillsTheRect()
    {
        Assert.Equal(new PixelRect(8, 8, 640, 360), new PixelRect(8, 8, 640, 360).Fit(1280, 720));
        Assert.Equal(new PixelRect(100, 50, 640, 360), new PixelRect(100, 50, 640, 360).Fit(1920, 1080));
    }

    [Theory]
    [InlineData(10, 20, 500, 300, 333, 211)]
    [InlineData(0, 0, 314, 174, 640, 480)]
    [InlineData(644, 8, 628, 348, 480, 640)]
    [InlineData(6, 6, 170, 310, 1280, 720)]
    [InlineData(2, 2, 99, 77, 7, 3)]
    public void Fit_AnySource_EvenCentredInsideAndKeepsAspect(int x, int y, int width, int height, int sourceWidth, int sourceHeight)
    {
        var rect = new PixelRect(x, y, width, height).ToEven();

        var fitted = rect.Fit(sourceWidth, sourceHeight);

        Assert.True(IsEven(fitted), $"{fitted} is not even");
        Assert.True(fitted.X >= rect.X && fitted.Y >= rect.Y, $"{fitted} starts outside {rect}");
        Assert.True(fitted.X + fitted.Width <= rect.X + rect.Width && fitted.Y + fitted.Height <= rect.Y + rect.Height, $"{fitted} ends outside {rect}");
        Assert.True(fitted.Width == rect.Width || fitted.Height == rect.Height, $"{fitted} does not fill {rect} in either direction");
        var left = fitted.X - rect.X;
        var right = rect.X + rect.Width - (fitted.X + fitted.Width);
        var top = fitted.Y - rect.Y;
        var bottom = rect.Y + rect.Height - (fitted.Y + fitted.Height);
        Assert.InRange(Math.Abs(left - right), 0, 2);
        Assert.InRange(Math.Abs(top - bottom), 0, 2);
        var sourceAspect = (double)sourceWidth / sourceHeight;
        var fittedAspect = (double)fitted.Width / fitted.Height;
        Assert.InRange(fittedAspect / sourceAspect, 0.95, 1.05);
    }

    [Theory]
    [InlineData(0, 480)]
    [InlineData(640, 0)]
    public void Fit_EmptySource_Default(int sourceWidth, int sourceHeight)
    {
        Assert.Equal(default, new PixelRect(0, 0, 100, 100).Fit(sourceWidth, sourceHeight));
    }

    [Fact]
    public void Fit_EmptyRect_Default()
    {
        Assert.Equal(default, new PixelRect(0, 0, 0, 100).Fit(640, 480));
    }

    [Theory]
    [InlineData(180, 320, 1280, 720, 570, 320)]
    [InlineData(200, 200, 1280, 720, 356, 200)]
    [InlineData(316, 178, 1280, 720, 318, 178)]
    [InlineData(640, 360, 1280, 720, 640, 360)]
    [InlineData(640, 180, 720, 1280, 640, 1138)]
    public void CoverSize_OtherAspect_SmallestEvenSizeCoveringTheRect(int width, int height, int sourceWidth, int sourceHeight, int expectedWidth, int expectedHeight)
    {
        var rect = new PixelRect(10, 10, width, height);

        var (coverWidth, coverHeight) = rect.CoverSize(sourceWidth, sourceHeight);

        Assert.Equal((expectedWidth, expectedHeight), (coverWidth, coverHeight));

        // The crop to the rect's aspect, as a cover draw takes it, is at least the rect's size.
        var crop = new PixelRect(0, 0, coverWidth, coverHeight).Fit(width, height);
        Assert.True(crop.Width >= width - 1 && crop.Height >= height - 1, $"{crop} is smaller than {width}x{height}");
    }

    [Fact]
    public void CoverSize_EmptySourceOrRect_Zero()
    {
        Assert.Equal((0, 0), new PixelRect(0, 0, 100, 100).CoverSize(0, 720));
        Assert.Equal((0, 0), new PixelRect(0, 0, 0, 100).CoverSize(1280, 720));
    }
}
