using LiveServer.Media.Video;

namespace LiveServer.Media.Tests.Video;

public sealed class MaskCacheTests
{
    [Fact]
    public void Text_SameNameAndSize_RendersOnce()
    {
        var cache = new MaskCache(TextRasterizer.Shared);

        var first = cache.Text("Alice", 14, 300);
        var second = cache.Text("Alice", 14, 300);

        Assert.Same(first, second);
        Assert.Equal(1, cache.Renders);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Text_OtherSize_RendersAgain()
    {
        var cache = new MaskCache(TextRasterizer.Shared);

        cache.Text("Alice", 14, 300);
        cache.Text("Alice", 28, 300);

        Assert.Equal(2, cache.Renders);
    }

    [Fact]
    public void Text_OverCapacity_LeastRecentlyUsedIsDropped()
    {
        var cache = new MaskCache(TextRasterizer.Shared, capacity: 2);
        cache.Text("a", 12);
        cache.Text("b", 12);
        cache.Text("a", 12);

        cache.Text("c", 12);
        cache.Text("a", 12);
        cache.Text("b", 12);

        Assert.Equal(2, cache.Count);
        Assert.Equal(4, cache.Renders);
    }

    [Fact]
    public void Circle_SameDiameter_MadeOnce()
    {
        var cache = new MaskCache(TextRasterizer.Shared);

        Assert.Same(cache.Circle(40), cache.Circle(40));
        Assert.Equal(1, cache.Renders);
    }

    [Fact]
    public void Text_NoRasterizer_EmptyMaskAndShapesStillWork()
    {
        var cache = new MaskCache(null);

        Assert.True(cache.Text("Alice", 14).IsEmpty);
        Assert.Equal(255, cache.Circle(20)[10, 10]);
    }

    [Fact]
    public void Constructor_ZeroCapacity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaskCache(TextRasterizer.Shared, 0));
    }
}
