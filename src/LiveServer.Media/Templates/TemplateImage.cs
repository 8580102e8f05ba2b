using LiveServer.Media.Video;

namespace LiveServer.Media.Templates;

/// <summary>
/// One captured image of a template page, ready to lay over a composed frame: limited-range BT.601
/// Y'CbCr (as <see cref="YuvColor"/>) with an alpha per luma pixel and, per chroma sample, the mean
/// alpha of its 2x2 block (its colour is the alpha-weighted mean of the block's). Each plane's rows
/// are cut into runs of transparent (skipped), opaque (copied) and translucent (blended) pixels
/// when the image is made, so a mostly transparent page costs little to draw.
/// </summary>
/// <remarks>
/// Made off the compositor's thread; <see cref="DrawOver"/> only reads, allocates nothing, and may run
/// on any thread. Images made by <see cref="FromRgba"/> never change. A <see cref="TemplateRenderer"/>
/// recycles its own images: one it has replaced is refilled two captures later.
/// </remarks>
public sealed class TemplateImage
{
    private readonly byte[] _y;
    private readonly byte[] _alpha;
    private readonly byte[] _u;
    private readonly byte[] _v;
    private readonly byte[] _chromaAlpha;
    private readonly AlphaRuns _lumaRuns = new();
    private readonly AlphaRuns _chromaRuns = new();

    private TemplateImage(int width, int height)
    {
        if (width <= 0 || height <= 0 || (width | height) % 2 != 0)
        {
            throw new ArgumentException($"A template image needs positive even sizes, not {width}x{height}.");
        }

        Width = width;
        Height = height;
        _y = new byte[width * height];
        _alpha = new byte[width * height];
        _u = new byte[width * height / 4];
        _v = new byte[width * height / 4];
        _chromaAlpha = new byte[width * height / 4];
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>How many runs of the luma rows drawing touches (copies and blends): 0 for a fully transparent page.</summary>
    public int DrawnRuns => _lumaRuns.DrawnRuns;

    /// <summary>
    /// Converts <paramref name="rgba"/> (R, G, B, A bytes a pixel, rows without padding; even sizes).
    /// <paramref name="premultiplied"/>: the colours are already multiplied by alpha (as Chromium's
    /// screencast delivers them); they are divided back out before conversion.
    /// </summary>
    public static TemplateImage FromRgba(ReadOnlySpan<byte> rgba, int width, int height, bool premultiplied)
    {
        var image = new TemplateImage(width, height);
        image.Fill(rgba, premultiplied);
        return image;
    }

    /// <summary>This image refilled from <paramref name="rgba"/> when it has that size, else a new one.</summary>
    internal static TemplateImage Reuse(TemplateImage? spare, ReadOnlySpan<byte> rgba, int width, int height, bool premultiplied)
    {
        if (spare is null || spare.Width != width || spare.Height != height)
        {
            return FromRgba(rgba, width, height, premultiplied);
        }

        spare.Fill(rgba, premultiplied);
        return spare;
    }

    /// <summary>Alpha-blends the image onto <paramref name="canvas"/>, which must have the same size.</summary>
    public void DrawOver(I420Image canvas)
    {
        if (canvas.Width != Width || canvas.Height != Height)
        {
            throw new ArgumentException($"The canvas is {canvas.Width}x{canvas.Height}, the template image {Width}x{Height}.", nameof(canvas));
        }

        DrawPlane(canvas.YPlane, _y, _alpha, _lumaRuns, Width);
        DrawPlane(canvas.UPlane, _u, _chromaAlpha, _chromaRuns, Width / 2);
        DrawPlane(canvas.VPlane, _v, _chromaAlpha, _chromaRuns, Width / 2);
    }

    private static void DrawPlane(Span<byte> plane, byte[] color, byte[] alpha, AlphaRuns runs, int width)
    {
        for (var row = 0; row < runs.Rows; row++)
        {
            var rowRuns = runs.Row(row);
            var offset = row * width;
            for (var i = 0; i < rowRuns.Length; i += 2)
            {
                var kind = rowRuns[i] & 3;
                if (kind == AlphaRuns.Skip)
                {
                    continue;
                }

                var start = offset + (rowRuns[i] >> 2);
                var length = rowRuns[i + 1];
                var target = plane.Slice(start, length);
                if (kind == AlphaRuns.Copy)
                {
                    color.AsSpan(start, length).CopyTo(target);
                }
                else
                {
                    AlphaBlend.Row(target, color.AsSpan(start, length), alpha.AsSpan(start, length));
                }
            }
        }
    }

    private void Fill(ReadOnlySpan<byte> rgba, bool premultiplied)
    {
        var width = Width;
        if (rgba.Length < width * Height * 4)
        {
            throw new ArgumentException($"{width}x{Height} RGBA needs {width * Height * 4} bytes, not {rgba.Length}.", nameof(rgba));
        }

        var chromaWidth = width / 2;
        for (var blockRow = 0; blockRow < Height / 2; blockRow++)
        {
            for (var blockColumn = 0; blockColumn < chromaWidth; blockColumn++)
            {
                int alphaSum = 0, uSum = 0, vSum = 0;
                for (var dy = 0; dy < 2; dy++)
                {
                    for (var dx = 0; dx < 2; dx++)
                    {
                        var pixel = ((((blockRow * 2) + dy) * width) + (blockColumn * 2) + dx);
                        var (y, u, v, a) = Convert(rgba.Slice(pixel * 4, 4), premultiplied);
                        _y[pixel] = y;
                        _alpha[pixel] = a;
                        alphaSum += a;
                        uSum += u * a;
                        vSum += v * a;
                    }
                }

                var chroma = (blockRow * chromaWidth) + blockColumn;
                _chromaAlpha[chroma] = (byte)((alphaSum + 2) >> 2);
                _u[chroma] = alphaSum == 0 ? (byte)128 : (byte)((uSum + (alphaSum / 2)) / alphaSum);
                _v[chroma] = alphaSum == 0 ? (byte)128 : (byte)((vSum + (alphaSum / 2)) / alphaSum);
            }
        }

        _lumaRuns.Build(_alpha, width, Height);
        _chromaRuns.Build(_chromaAlpha, chromaWidth, Height / 2);
    }

    /// <summary>One pixel as limited-range Y'CbCr and alpha, the colour unpremultiplied when it was.</summary>
    private static (byte Y, byte U, byte V, byte A) Convert(ReadOnlySpan<byte> pixel, bool premultiplied)
    {
        var a = pixel[3];
        if (a == 0)
        {
            return (16, 128, 128, 0);
        }

        int r = pixel[0], g = pixel[1], b = pixel[2];
        if (premultiplied && a != 255)
        {
            r = Math.Min(255, ((r * 255) + (a / 2)) / a);
            g = Math.Min(255, ((g * 255) + (a / 2)) / a);
            b = Math.Min(255, ((b * 255) + (a / 2)) / a);
        }

        var color = YuvColor.FromRgb(r, g, b);
        return (color.Y, color.U, color.V, a);
    }
}
