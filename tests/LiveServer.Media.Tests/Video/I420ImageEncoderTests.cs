using LiveServer.Media.Tests.TestKit;
using LiveServer.Media.Video;
using SkiaSharp;

namespace LiveServer.Media.Tests.Video;

public sealed class I420ImageEncoderTests
{
    private static SKBitmap Decode(byte[] file) =>
        SKBitmap.Decode(file) ?? throw new InvalidOperationException("not an image SkiaSharp can decode");

    private static void AssertNear(SKColor actual, int r, int g, int b, int tolerance)
    {
        Assert.InRange(actual.Red, r - tolerance, r + tolerance);
        Assert.InRange(actual.Green, g - tolerance, g + tolerance);
        Assert.InRange(actual.Blue, b - tolerance, b + tolerance);
    }

    [Theory]
    [InlineData(30, 144, 255)]
    [InlineData(200, 40, 40)]
    [InlineData(255, 255, 255)]
    [InlineData(0, 0, 0)]
    [InlineData(245, 166, 35)]
    public void Encode_SolidColourAsPng_DecodesToTheRgbWithin3(int r, int g, int b)
    {
        var image = Pictures.Solid(64, 36, YuvColor.FromRgb(r, g, b));

        var png = I420ImageEncoder.Encode(image, ImageFormat.Png);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        using var decoded = Decode(png);
        Assert.Equal(64, decoded.Width);
        Assert.Equal(36, decoded.Height);
        AssertNear(decoded.GetPixel(10, 10), r, g, b, 3);
        AssertNear(decoded.GetPixel(63, 35), r, g, b, 3);
    }

    [Fact]
    public void Encode_Jpeg_DecodesNearTheColour()
    {
        var image = Pictures.Solid(128, 72, YuvColor.FromRgb(30, 144, 255));

        var jpeg = I420ImageEncoder.Encode(image, ImageFormat.Jpeg);

        Assert.Equal([0xff, 0xd8, 0xff], jpeg[..3]);
        using var decoded = Decode(jpeg);
        Assert.Equal(128, decoded.Width);
        AssertNear(decoded.GetPixel(64, 36), 30, 144, 255, 10);
    }

    [Fact]
    public void Encode_BothSizes_ThatSize()
    {
        var image = Pictures.Solid(1280, 720, YuvColor.FromRgb(200, 40, 40));

        using var decoded = Decode(I420ImageEncoder.Encode(image, ImageFormat.Png, 320, 180));

        Assert.Equal(320, decoded.Width);
        Assert.Equal(180, decoded.Height);
        AssertNear(decoded.GetPixel(160, 90), 200, 40, 40, 3);
    }

    [Fact]
    public void Encode_LeftHalfRedRightHalfBlue_PositionsKept()
    {
        var image = Pictures.Solid(64, 32, YuvColor.FromRgb(0, 0, 255));
        image.Fill(new PixelRect(0, 0, 32, 32), YuvColor.FromRgb(255, 0, 0));

        using var decoded = Decode(I420ImageEncoder.Encode(image, ImageFormat.Png));

        AssertNear(decoded.GetPixel(5, 5), 255, 0, 0, 3);
        AssertNear(decoded.GetPixel(60, 30), 0, 0, 255, 3);
    }

    [Theory]
    [InlineData(1280, 720, 320, null, 320, 180)]
    [InlineData(1280, 720, null, 90, 160, 90)]
    [InlineData(720, 1280, 360, null, 360, 640)]
    [InlineData(640, 360, null, null, 640, 360)]
    [InlineData(640, 360, 100, 100, 100, 100)]
    public void TargetSize_OneOrNoSide_KeepsAspectRatio(int sourceWidth, int sourceHeight, int? width, int? height, int expectedWidth, int expectedHeight)
    {
        Assert.Equal((expectedWidth, expectedHeight), I420ImageEncoder.TargetSize(sourceWidth, sourceHeight, width, height));
    }

    [Theory]
    [InlineData(0, null, "width")]
    [InlineData(null, -5, "height")]
    [InlineData(5000, null, "width")]
    public void TargetSize_OutOfRange_ThrowsNamingTheSide(int? width, int? height, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => I420ImageEncoder.TargetSize(640, 360, width, height));

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void ToRgba_LimitedRangeBlackAndWhite_FullRange()
    {
        var image = Pictures.Solid(2, 2, new YuvColor(16, 128, 128));
        image.YPlane[1] = 235;
        var rgba = new byte[16];

        I420ImageEncoder.ToRgba(image, rgba);

        Assert.Equal([0, 0, 0, 255, 255, 255, 255, 255], rgba[..8]);
    }
}
