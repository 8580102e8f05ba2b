using SkiaSharp;

namespace LiveServer.Media.Video;

/// <summary>
/// Turns an I420 picture into a PNG or JPEG file (a thumbnail of the livestream): BT.601
/// limited-range Y'CbCr to RGB (the inverse of <see cref="YuvColor.FromRgb"/>), an optional resize
/// with mipmapped bilinear filtering, then SkiaSharp's encoders. Allocates; meant for requests, not
/// for the clock.
/// </summary>
public static class I420ImageEncoder
{
    /// <summary>JPEG quality used when none is given.</summary>
    public const int DefaultJpegQuality = 85;

    /// <summary>The largest width or height an image may be encoded at.</summary>
    public const int MaxDimension = 4096;

    /// <summary>
    /// Encodes <paramref name="image"/> as <paramref name="format"/>. With neither
    /// <paramref name="width"/> nor <paramref name="height"/> the image keeps its size; with one of them
    /// the other follows from the aspect ratio; with both the image is scaled to exactly that size.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1 or above <see cref="MaxDimension"/>, or the quality is outside 1..100.</exception>
    public static byte[] Encode(I420Image image, ImageFormat format, int? width = null, int? height = null, int jpegQuality = DefaultJpegQuality)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jpegQuality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jpegQuality, 100);
        var (targetWidth, targetHeight) = TargetSize(image.Width, image.Height, width, height);
        var rgba = new byte[image.Width * image.Height * 4];
        ToRgba(image, rgba);
        var sourceInfo = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var source = SKImage.FromPixelCopy(sourceInfo, rgba, image.Width * 4)
            ?? throw new InvalidOperationException("SkiaSharp could not wrap the picture.");
        if (targetWidth == image.Width && targetHeight == image.Height)
        {
            return EncodeImage(source, format, jpegQuality);
        }

        using var surface = SKSurface.Create(new SKImageInfo(targetWidth, targetHeight, SKColorType.Rgba8888, SKAlphaType.Opaque))
            ?? throw new InvalidOperationException("SkiaSharp could not make a surface.");
        surface.Canvas.DrawImage(
            source, new SKRect(0, 0, targetWidth, targetHeight), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), null);
        using var scaled = surface.Snapshot();
        return EncodeImage(scaled, format, jpegQuality);
    }

    /// <summary>
    /// The size to encode at: the source size, or the requested one, with a missing side following
    /// the source's aspect ratio (rounded, at least 1).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A requested size is below 1 or above <see cref="MaxDimension"/>.</exception>
    public static (int Width, int Height) TargetSize(int sourceWidth, int sourceHeight, int? width, int? height)
    {
        if (width is { } w && (w < 1 || w > MaxDimension))
        {
            throw new ArgumentOutOfRangeException(nameof(width), w, $"The width must be 1..{MaxDimension}.");
        }

        if (height is { } h && (h < 1 || h > MaxDimension))
        {
            throw new ArgumentOutOfRangeException(nameof(height), h, $"The height must be 1..{MaxDimension}.");
        }

        return (width, height) switch
        {
            (null, null) => (sourceWidth, sourceHeight),
            ({ } onlyWidth, null) => (onlyWidth, Follow(onlyWidth, sourceHeight, sourceWidth)),
            (null, { } onlyHeight) => (Follow(onlyHeight, sourceWidth, sourceHeight), onlyHeight),
            ({ } both, { } and) => (both, and),
        };
    }

    /// <summary>
    /// Converts <paramref name="image"/> to 8-bit RGBA (alpha 255), row after row, into
    /// <paramref name="rgba"/> (width x height x 4 bytes). Each chroma sample serves its 2x2 block.
    /// </summary>
    public static void ToRgba(I420Image image, Span<byte> rgba)
    {
        if (rgba.Length < image.Width * image.Height * 4)
        {
            throw new ArgumentException("The RGBA buffer needs width*height*4 bytes.", nameof(rgba));
        }

        var luma = image.YPlane;
        var cb = image.UPlane;
        var cr = image.VPlane;
        var chromaWidth = image.Width / 2;
        for (var y = 0; y < image.Height; y++)
        {
            var lumaRow = luma.Slice(y * image.Width, image.Width);
            var chromaRow = (y / 2) * chromaWidth;
            var output = rgba.Slice(y * image.Width * 4, image.Width * 4);
            for (var x = 0; x < image.Width; x++)
            {
                var c = 298 * (lumaRow[x] - 16);
                var d = cb[chromaRow + (x / 2)] - 128;
                var e = cr[chromaRow + (x / 2)] - 128;
                output[x * 4] = Clamp((c + (409 * e) + 128) >> 8);
                output[(x * 4) + 1] = Clamp((c - (100 * d) - (208 * e) + 128) >> 8);
                output[(x * 4) + 2] = Clamp((c + (516 * d) + 128) >> 8);
                output[(x * 4) + 3] = 255;
            }
        }
    }

    private static int Follow(int given, int otherSource, int givenSource) =>
        Math.Clamp((int)Math.Round((double)given * otherSource / givenSource), 1, MaxDimension);

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);

    private static byte[] EncodeImage(SKImage image, ImageFormat format, int jpegQuality)
    {
        var (encoding, quality) = format == ImageFormat.Jpeg ? (SKEncodedImageFormat.Jpeg, jpegQuality) : (SKEncodedImageFormat.Png, 100);
        using var data = image.Encode(encoding, quality) ?? throw new InvalidOperationException($"SkiaSharp could not encode {format}.");
        return data.ToArray();
    }
}
