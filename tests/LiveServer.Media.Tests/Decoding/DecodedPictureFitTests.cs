using LiveServer.Domain.Livestreams;
using LiveServer.Media.Decoding;
using LiveServer.Media.Tests.TestKit;
using LiveServer.Media.Video;

namespace LiveServer.Media.Tests.Decoding;

/// <summary>
/// Cover and contain with a 16:9 picture of eight vertical colour bars (80 px each at 640x360) drawn
/// into a 9:16 tile: cover fills the tile with the middle bars, contain letter-boxes all eight.
/// </summary>
public sealed class DecodedPictureFitTests
{
    private const int BarWidth = 80;
    private static readonly YuvColor Back = new(100, 60, 200);
    private static readonly YuvColor[] Bars =
    [
        YuvColor.FromRgb(255, 255, 255), YuvColor.FromRgb(255, 255, 0), YuvColor.FromRgb(0, 255, 255), YuvColor.FromRgb(0, 255, 0),
        YuvColor.FromRgb(255, 0, 255), YuvColor.FromRgb(255, 0, 0), YuvColor.FromRgb(0, 0, 255), YuvColor.FromRgb(0, 0, 0),
    ];

    private static readonly PixelRect PortraitTile = new(100, 20, 180, 320);

    /// <summary>A published picture of the bars, <see cref="BarWidth"/> × 8 wide.</summary>
    private static DecodedPicture BarsPicture(int width = 640, int height = 360)
    {
        var picture = new DecodedPicture(width, height);
        var image = new I420Image(picture.BackBuffer.ToArray(), width, height);
        for (var bar = 0; bar < Bars.Length; bar++)
        {
            var left = bar * width / Bars.Length;
            image.Fill(new PixelRect(left, 0, ((bar + 1) * width / Bars.Length) - left, height), Bars[bar]);
        }

        image.Buffer.CopyTo(picture.BackBuffer.Span);
        picture.Publish();
        return picture;
    }

    private static void AssertNear(YuvColor expected, YuvColor actual, string where)
    {
        Assert.True(
            Math.Abs(expected.Y - actual.Y) <= 3 && Math.Abs(expected.U - actual.U) <= 3 && Math.Abs(expected.V - actual.V) <= 3,
            $"{where}: expected {expected}, got {actual}");
    }

    [Fact]
    public void DrawInto_CoverLandscapeIntoPortrait_FillsTheTileWithTheCentreBars()
    {
        var canvas = Pictures.Solid(400, 360, Back);

        Assert.True(BarsPicture().DrawInto(canvas, PortraitTile, new I420Scaler(), TileFit.Cover));

        // Every pixel of the tile is picture, none outside it is.
        var tile = PortraitTile;
        Assert.Empty(Pictures.Mismatches(canvas, (x, y) => Pictures.Contains(tile, x, y) ? Pictures.At(canvas, x, y) : Back));
        Assert.Equal(0, Pictures.CountOf(canvas, tile, Back));

        // The crop is the middle 202 of the 640 columns (218..419): bars 2 to 5, the outer two in part.
        foreach (var (x, bar) in new[] { (6, 2), (55, 3), (126, 4), (174, 5) })
        {
            foreach (var y in new[] { 0, tile.Height / 2, tile.Height - 1 })
            {
                AssertNear(Bars[bar], Pictures.At(canvas, tile.X + x, tile.Y + y), $"tile column {x}, row {y}");
            }
        }
    }

    [Fact]
    public void DrawInto_ContainLandscapeIntoPortrait_LetterBoxesAllBars()
    {
        var canvas = Pictures.Solid(400, 360, Back);

        Assert.True(BarsPicture().DrawInto(canvas, PortraitTile, new I420Scaler(), TileFit.Contain));

        // 640x360 fitted into 180x320: 180x101, even 180x100, centred 110 rows down the tile.
        var fitted = PortraitTile.Fit(640, 360);
        Assert.Equal(new PixelRect(100, 130, 180, 100), fitted);
        Assert.Equal(Back, Pictures.At(canvas, PortraitTile.X + 90, PortraitTile.Y + 4));
        Assert.Equal(Back, Pictures.At(canvas, PortraitTile.X + 90, PortraitTile.Y + PortraitTile.Height - 4));
        for (var bar = 0; bar < Bars.Length; bar++)
        {
            var x = fitted.X + (((bar * 2) + 1) * fitted.Width / 16);
            AssertNear(Bars[bar], Pictures.At(canvas, x, fitted.Y + (fitted.Height / 2)), $"bar {bar}");
        }
    }

    [Fact]
    public void DrawInto_CoverPictureDecodedAtTheCoverSize_CentreCopiedPixelForPixel()
    {
        // What the decoder delivers for a 200x200 tile of a 16:9 source: 356x200, the tile's crop copied.
        var tile = new PixelRect(40, 20, 200, 200);
        var (width, height) = tile.CoverSize(1280, 720);
        Assert.Equal((356, 200), (width, height));
        var picture = new DecodedPicture(width, height, 1280, 720);
        var luma = picture.BackBuffer.Span[..(width * height)];
        for (var i = 0; i < luma.Length; i++)
        {
            luma[i] = (byte)(i % width);
        }

        picture.Publish();
        var canvas = Pictures.Solid(320, 240, Back);

        Assert.True(picture.DrawInto(canvas, tile, new I420Scaler(), TileFit.Cover));

        // Crop columns 78..277 of the picture, copied unscaled.
        for (var x = 0; x < tile.Width; x++)
        {
            Assert.Equal((byte)(78 + x), canvas.YPlane[((tile.Y + 100) * canvas.Width) + tile.X + x]);
        }
    }

    [Fact]
    public void DrawInto_CoverSameAspect_SameAsContain()
    {
        var tile = new PixelRect(0, 0, 320, 180);
        var cover = Pictures.Solid(320, 180, Back);
        var contain = Pictures.Solid(320, 180, Back);

        BarsPicture().DrawInto(cover, tile, new I420Scaler(), TileFit.Cover);
        BarsPicture().DrawInto(contain, tile, new I420Scaler(), TileFit.Contain);

        Assert.Equal(contain.Buffer.ToArray(), cover.Buffer.ToArray());
    }
}
