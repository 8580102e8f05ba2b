using System.Runtime.InteropServices;
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
    private static readonly int[] Unpremultiply = BuildUnpremultiply();
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

        // One little-endian uint a pixel: R | G << 8 | B << 16 | A << 24.
        var pixels = MemoryMarshal.Cast<byte, uint>(rgba[..(width * Height * 4)]);
        var chromaWidth = width / 2;
        for (var blockRow = 0; blockRow < Height / 2; blockRow++)
        {
            var top = blockRow * 2 * width;
            for (var blockColumn = 0; blockColumn < chromaWidth; blockColumn++)
            {
                var i = top + (blockColumn * 2);
                var chroma = (blockRow * chromaWidth) + blockColumn;
                if (((pixels[i] | pixels[i + 1] | pixels[i + width] | pixels[i + width + 1]) >> 24) == 0)
                {
                    // Transparent block, the common case: colours are never read where alpha is 0.
                    _alpha[i] = _alpha[i + 1] = _alpha[i + width] = _alpha[i + width + 1] = 0;
                    _chromaAlpha[chroma] = 0;
                    continue;
                }

                int alphaSum = 0, uSum = 0, vSum = 0;
                Convert(pixels[i], i, premultiplied, ref alphaSum, ref uSum, ref vSum);
                Convert(pixels[i + 1], i + 1, premultiplied, ref alphaSum, ref uSum, ref vSum);
                Convert(pixels[i + width], i + width, premultiplied, ref alphaSum, ref uSum, ref vSum);
                Convert(pixels[i + width + 1], i + width + 1, premultiplied, ref alphaSum, ref uSum, ref vSum);
                _chromaAlpha[chroma] = (byte)((alphaSum + 2) >> 2);
                _u[chroma] = (byte)((uSum + (alphaSum / 2)) / alphaSum);
                _v[chroma] = (byte)((vSum + (alphaSum / 2)) / alphaSum);
            }
        }

        _lumaRuns.Build(_alpha, width, Height);
        _chromaRuns.Build(_chromaAlpha, chromaWidth, Height / 2);
    }

    /// <summary>
    /// One pixel to luma and alpha, adding its alpha-weighted chroma to the block's sums; the colour
    /// unpremultiplied first when it was (by a reciprocal table, no division). The same integer
    /// BT.601 limited-range formulas as <see cref="YuvColor.FromRgb"/>.
    /// </summary>
    private void Convert(uint pixel, int index, bool premultiplied, ref int alphaSum, ref int uSum, ref int vSum)
    {
        var a = (int)(pixel >> 24);
        _alpha[index] = (byte)a;
        if (a == 0)
        {
            return;
        }

        int r = (int)(pixel & 0xff), g = (int)((pixel >> 8) & 0xff), b = (int)((pixel >> 16) & 0xff);
        if (premultiplied && a != 255)
        {
            var scale = Unpremultiply[a];
            r = Math.Min(255, ((r * scale) + 32768) >> 16);
            g = Math.Min(255, ((g * scale) + 32768) >> 16);
            b = Math.Min(255, ((b * scale) + 32768) >> 16);
        }

        _y[index] = (byte)(16 + (((66 * r) + (129 * g) + (25 * b) + 128) >> 8));
        alphaSum += a;
        uSum += (128 + (((-38 * r) - (74 * g) + (112 * b) + 128) >> 8)) * a;
        vSum += (128 + (((112 * r) - (94 * g) - (18 * b) + 128) >> 8)) * a;
    }

    /// <summary>255 / a in 16.16 fixed point, for a = 1..255.</summary>
    private static int[] BuildUnpremultiply()
    {
        var table = new int[256];
        for (var a = 1; a < 256; a++)
        {
            table[a] = ((255 << 16) + (a / 2)) / a;
        }

        return table;
    }
}
