using LiveServer.Media.Decoding;
using LiveServer.Media.Tests.TestKit;
using LiveServer.Media.Video;

namespace LiveServer.Media.Tests.Decoding;

public sealed class DecodedPictureTests
{
    private static readonly YuvColor Back = new(16, 128, 128);
    private static readonly YuvColor Red = YuvColor.FromRgb(255, 0, 0);
    private static readonly YuvColor Blue = YuvColor.FromRgb(0, 0, 255);

    private static void FillBack(DecodedPicture picture, YuvColor color) =>
        Pictures.Solid(picture.Width, picture.Height, color).Buffer.CopyTo(picture.BackBuffer.Span);

    [Fact]
    public void DrawInto_BeforePublish_FalseAndCanvasUntouched()
    {
        var picture = new DecodedPicture(64, 36);
        FillBack(picture, Red);
        var canvas = Pictures.Solid(128, 72, Back);

        Assert.False(picture.DrawInto(canvas, new PixelRect(0, 0, 128, 72), new I420Scaler()));

        Assert.Empty(Pictures.Mismatches(canvas, (_, _) => Back));
        Assert.Equal(0, picture.Count);
    }

    [Fact]
    public void DrawInto_AfterPublish_DrawsTheBackBufferContent()
    {
        var picture = new DecodedPicture(64, 36);
        FillBack(picture, Red);
        var canvas = Pictures.Solid(128, 72, Back);

        picture.Publish();

        Assert.True(picture.DrawInto(canvas, new PixelRect(0, 0, 128, 72), new I420Scaler()));
        Assert.Empty(Pictures.Mismatches(canvas, (_, _) => Red));
        Assert.Equal(1, picture.Count);
    }

    [Fact]
    public void DrawInto_OtherAspect_FittedAndCentred()
    {
        var picture = new DecodedPicture(64, 64);
        FillBack(picture, Red);
        picture.Publish();
        var canvas = Pictures.Solid(128, 72, Back);

        picture.DrawInto(canvas, new PixelRect(0, 0, 128, 72), new I420Scaler());

        var fitted = new PixelRect(28, 0, 72, 72);
        Assert.Empty(Pictures.Mismatches(canvas, (x, y) => Pictures.Contains(fitted, x, y) ? Red : Back));
    }

    [Fact]
    public void DrawInto_PictureDecodedAtItsTileSize_CopiedPixelForPixel()
    {
        // A GRID of one on a 1280x720 canvas: the decoder fitted the 1280x720 source into the tile.
        var box = new PixelRect(8, 8, 1264, 704);
        var fitted = box.Fit(1280, 720);
        var picture = new DecodedPicture(fitted.Width, fitted.Height, 1280, 720);
        var luma = picture.BackBuffer.Span[..(fitted.Width * fitted.Height)];
        for (var i = 0; i < luma.Length; i++)
        {
            luma[i] = (byte)((i % fitted.Width) * 7);
        }

        picture.Publish();
        var canvas = Pictures.Solid(1280, 720, Back);

        Assert.True(picture.DrawInto(canvas, box, new I420Scaler()));

        for (var x = 0; x < fitted.Width; x++)
        {
            Assert.Equal((byte)(x * 7), canvas.YPlane[((fitted.Y + 100) * canvas.Width) + fitted.X + x]);
        }
    }

    [Fact]
    public void BackBuffer_WrittenAfterPublish_DoesNotChangeTheCurrentPicture()
    {
        var picture = new DecodedPicture(64, 36);
        FillBack(picture, Red);
        picture.Publish();

        FillBack(picture, Blue);
        var canvas = Pictures.Solid(64, 36, Back);
        picture.DrawInto(canvas, new PixelRect(0, 0, 64, 36), new I420Scaler());

        Assert.Empty(Pictures.Mismatches(canvas, (_, _) => Red));
    }

    [Fact]
    public void Publish_Again_ShowsTheNewPicture()
    {
        var picture = new DecodedPicture(64, 36);
        FillBack(picture, Red);
        picture.Publish();
        FillBack(picture, Blue);

        picture.Publish();
        var canvas = Pictures.Solid(64, 36, Back);
        picture.DrawInto(canvas, new PixelRect(0, 0, 64, 36), new I420Scaler());

        Assert.Empty(Pictures.Mismatches(canvas, (_, _) => Blue));
        Assert.Equal(2, picture.Count);
    }

    [Fact]
    public void Clear_AfterPublish_NothingDrawnUntilNextPublish()
    {
        var picture = new DecodedPicture(64, 36);
        FillBack(picture, Red);
        picture.Publish();
        var canvas = Pictures.Solid(64, 36, Back);

        picture.Clear();

        Assert.False(picture.DrawInto(canvas, new PixelRect(0, 0, 64, 36), new I420Scaler()));
        Assert.Empty(Pictures.Mismatches(canvas, (_, _) => Back));
        FillBack(picture, Blue);
        picture.Publish();
        Assert.True(picture.DrawInto(canvas, new PixelRect(0, 0, 64, 36), new I420Scaler()));
    }

    [Fact]
    public void BackBuffer_Size_OneI420Picture()
    {
        var picture = new DecodedPicture(320, 180);

        Assert.Equal(I420Image.SizeOf(320, 180), picture.BackBuffer.Length);
    }
}
