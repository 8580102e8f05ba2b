using LiveServer.Media.Video;

namespace LiveServer.Media.Tests.Video;

public sealed class AlphaMaskTests
{
    [Fact]
    public void Circle_Diameter_CentreOpaqueCornersClearEdgeSoft()
    {
        var circle = AlphaMask.Circle(40);

        Assert.Equal(40, circle.Width);
        Assert.Equal(40, circle.Height);
        Assert.Equal(255, circle[20, 20]);
        Assert.Equal(0, circle[0, 0]);
        Assert.Equal(0, circle[39, 39]);
        Assert.InRange(circle[0, 20], 1, 254);
    }

    [Fact]
    public void RoundedRect_SmallRadius_EdgesOpaqueCornersSoft()
    {
        var box = AlphaMask.RoundedRect(30, 12, 4);

        Assert.Equal(255, box[15, 0]);
        Assert.Equal(255, box[0, 6]);
        Assert.Equal(255, box[29, 6]);
        Assert.True(box[0, 0] < 128);
    }

    [Fact]
    public void Constructor_ShortBuffer_Throws()
    {
        Assert.Throws<ArgumentException>(() => new AlphaMask(4, 4, new byte[15]));
    }

    [Fact]
    public void Empty_Always_CoversNothing()
    {
        Assert.True(AlphaMask.Empty.IsEmpty);
        Assert.Equal(0, AlphaMask.Empty.Pixels.Length);
    }
}
