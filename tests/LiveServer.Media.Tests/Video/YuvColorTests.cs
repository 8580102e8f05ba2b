using LiveServer.Media.Video;

namespace LiveServer.Media.Tests.Video;

public sealed class YuvColorTests
{
    [Fact]
    public void FromRgb_Black_LimitedRangeBlack()
    {
        Assert.Equal(new YuvColor(16, 128, 128), YuvColor.FromRgb(0, 0, 0));
    }

    [Fact]
    public void FromRgb_White_LimitedRangeWhite()
    {
        Assert.Equal(new YuvColor(235, 128, 128), YuvColor.FromRgb(255, 255, 255));
    }

    [Theory]
    [InlineData(255, 0, 0)]
    [InlineData(0, 255, 0)]
    [InlineData(0, 0, 255)]
    [InlineData(0x33, 0x99, 0xcc)]
    [InlineData(0x80, 0x80, 0x80)]
    [InlineData(0xf5, 0xa6, 0x23)]
    public void FromRgb_Colour_WithinOneOfBt601(int r, int g, int b)
    {
        // ITU-R BT.601 limited range, from the float equations.
        var y = 16 + (((65.481 * r) + (128.553 * g) + (24.966 * b)) / 255);
        var u = 128 + (((-37.797 * r) - (74.203 * g) + (112.0 * b)) / 255);
        var v = 128 + (((112.0 * r) - (93.786 * g) - (18.214 * b)) / 255);

        var color = YuvColor.FromRgb(r, g, b);

        Assert.InRange(color.Y, y - 1, y + 1);
        Assert.InRange(color.U, u - 1, u + 1);
        Assert.InRange(color.V, v - 1, v + 1);
    }

    [Fact]
    public void FromRgb_Red_KnownValues()
    {
        var red = YuvColor.FromRgb(255, 0, 0);

        Assert.InRange(red.Y, 80, 83);
        Assert.InRange(red.U, 89, 91);
        Assert.InRange(red.V, 239, 240);
    }

    [Theory]
    [InlineData("#ff8800", 0xff, 0x88, 0x00)]
    [InlineData("1b1f3a", 0x1b, 0x1f, 0x3a)]
    [InlineData("#000000", 0, 0, 0)]
    public void FromHex_Hex_SameAsFromRgb(string hex, int r, int g, int b)
    {
        Assert.Equal(YuvColor.FromRgb(r, g, b), YuvColor.FromHex(hex));
    }
}
