using LiveServer.Media.Tests.TestKit;
using LiveServer.Media.Video;

namespace LiveServer.Media.Tests.Video;

public sealed class I420ScalerTests
{
    private static readonly YuvColor Back = new(16, 128, 128);
    private static readonly YuvColor Paint = new(181, 42, 201);

    [Theory]
    [InlineData(320, 180, 100, 50, 400, 250)]
    [InlineData(320, 180, 10, 10, 64, 36)]
    [InlineData(64, 48, 0, 0, 640, 360)]
    [InlineData(640, 360, 300, 100, 222, 98)]
    [InlineData(2, 2, 40, 40, 100, 100)]
    public void Scale_SolidSource_ExactColourInRectAndOutsideUntouched(
        int sourceWidth, int sourceHeight, int x, int y, int width, int height)
    {
        var source = Pictures.Solid(sourceWidth, sourceHeight, Paint);
        var canvas = Pictures.Solid(640, 360, Back);
        var target = new PixelRect(x, y, width, height);

        new I420Scaler().Scale(source.Buffer, sourceWidth, sourceHeight, canvas, target);

        Assert.Empty(Pictures.Mismatches(canvas, (px, py) => Pictures.Contains(target, px, py) ? Paint : Back));
    }

    [Fact]
    public void Scale_SameSize_ExactCopy()
    {
        var random = new Random(1234);
        var source = new byte[I420Image.SizeOf(64, 48)];
        random.NextBytes(source);
        var sourceImage = new I420Image(source, 64, 48);
        var canvas = Pictures.Solid(128, 96, Back);
        var target = new PixelRect(16, 8, 64, 48);

        new I420Scaler().Scale(source, 64, 48, canvas, target);

        Assert.Empty(Pictures.Mismatches(canvas, (x, y) =>
            Pictures.Contains(target, x, y) ? Pictures.At(sourceImage, x - 16, y - 8) : Back));
    }

    [Fact]
    public void Scale_HorizontalGradientDownscaled_StaysMonotonic()
    {
        var source = Pictures.Solid(256, 16, Back);
        for (var row = 0; row < 16; row++)
        {
            for (var x = 0; x < 256; x++)
            {
                source.YPlane[(row * 256) + x] = (byte)x;
            }
        }

        var canvas = Pictures.Solid(128, 16, Back);

        new I420Scaler().Scale(source.Buffer, 256, 16, canvas, new PixelRect(0, 0, 100, 8));

        for (var row = 0; row < 8; row++)
        {
            var line = canvas.YPlane.Slice(row * 128, 100).ToArray();
            Assert.All(line.Zip(line.Skip(1)), pair => Assert.True(pair.First <= pair.Second, $"row {row}: {pair.First} > {pair.Second}"));
            Assert.InRange(line[0], 0, 5);
            Assert.InRange(line[^1], 250, 255);
        }
    }

    [Fact]
    public void Scale_HorizontalGradientUpscaled_StaysMonotonic()
    {
        var source = Pictures.Solid(16, 4, Back);
        for (var row = 0; row < 4; row++)
        {
            for (var x = 0; x < 16; x++)
            {
                source.YPlane[(row * 16) + x] = (byte)(x * 16);
            }
        }

        var canvas = Pictures.Solid(200, 8, Back);

        new I420Scaler().Scale(source.Buffer, 16, 4, canvas, new PixelRect(0, 0, 200, 8));

        var line = canvas.YPlane[..200].ToArray();
        Assert.All(line.Zip(line.Skip(1)), pair => Assert.True(pair.First <= pair.Second));
        Assert.True(line[^1] > line[0]);
    }

    [Fact]
    public void Scale_RepeatedWithSameScaler_SameResult()
    {
        var random = new Random(99);
        var source = new byte[I420Image.SizeOf(80, 60)];
        random.NextBytes(source);
        var scaler = new I420Scaler();
        var first = Pictures.Solid(64, 64, Back);
        var second = Pictures.Solid(64, 64, Back);

        scaler.Scale(source, 80, 60, first, new PixelRect(2, 2, 40, 30));
        scaler.Scale(source, 80, 60, second, new PixelRect(2, 2, 40, 30));

        Assert.Equal(first.Buffer, second.Buffer);
    }

    [Fact]
    public void Scale_TargetPartlyOutsideCanvas_DrawsNothing()
    {
        var source = Pictures.Solid(32, 32, Paint);
        var canvas = Pictures.Solid(64, 64, Back);

        new I420Scaler().Scale(source.Buffer, 32, 32, canvas, new PixelRect(48, 0, 32, 32));

        Assert.Empty(Pictures.Mismatches(canvas, (_, _) => Back));
    }

    [Fact]
    public void Scale_SourceBufferTooShort_DrawsNothing()
    {
        var canvas = Pictures.Solid(64, 64, Back);

        new I420Scaler().Scale(new byte[100], 32, 32, canvas, new PixelRect(0, 0, 32, 32));

        Assert.Empty(Pictures.Mismatches(canvas, (_, _) => Back));
    }
}
