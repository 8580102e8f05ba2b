using LiveServer.Media.Video;

namespace LiveServer.Media.Compositing;

/// <summary>
/// A reaction sprite composed once into what one pass over the picture needs: per pixel the colour
/// of the shape (its details already laid in) and its coverage, plus the coverage of a halo drawn in
/// the frame's theme colour beneath it; the chroma planes at half size with each 2x2 block's mean
/// coverage. Drawn at even positions, so its chroma blocks fall on the picture's. Allocates nothing
/// to draw.
/// </summary>
internal sealed class SpriteImage
{
    private readonly byte[] _y;
    private readonly byte[] _shape;
    private readonly byte[] _halo;
    private readonly byte[] _u;
    private readonly byte[] _v;
    private readonly byte[] _chromaShape;
    private readonly byte[] _chromaHalo;

    /// <summary>
    /// Composes <paramref name="shape"/> in <paramref name="color"/>, <paramref name="detail"/> (placed at
    /// <paramref name="detailX"/>, <paramref name="detailY"/>) in <paramref name="detailColor"/> over it, and
    /// <paramref name="halo"/> beneath; all square masks of one even size but the detail.
    /// </summary>
    public SpriteImage(AlphaMask halo, AlphaMask shape, YuvColor color, AlphaMask detail, int detailX, int detailY, YuvColor detailColor)
    {
        Size = shape.Width;
        var size = Size;
        var half = size / 2;
        _y = new byte[size * size];
        _shape = new byte[size * size];
        _halo = new byte[size * size];
        _u = new byte[half * half];
        _v = new byte[half * half];
        _chromaShape = new byte[half * half];
        _chromaHalo = new byte[half * half];

        // Full-resolution colour and coverage first; chroma from the 2x2 means.
        var u = new int[size * size];
        var v = new int[size * size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var i = (y * size) + x;
                var d = Inside(detail, x - detailX, y - detailY);
                _shape[i] = Math.Max(shape[x, y], d);
                _halo[i] = halo[x, y];
                _y[i] = Mix(color.Y, detailColor.Y, d);
                u[i] = Mix(color.U, detailColor.U, d);
                v[i] = Mix(color.V, detailColor.V, d);
            }
        }

        for (var by = 0; by < half; by++)
        {
            for (var bx = 0; bx < half; bx++)
            {
                int shapeSum = 0, haloSum = 0, uSum = 0, vSum = 0;
                for (var dy = 0; dy < 2; dy++)
                {
                    for (var dx = 0; dx < 2; dx++)
                    {
                        var i = (((by * 2) + dy) * size) + (bx * 2) + dx;
                        shapeSum += _shape[i];
                        haloSum += _halo[i];
                        uSum += u[i] * _shape[i];
                        vSum += v[i] * _shape[i];
                    }
                }

                var c = (by * half) + bx;
                _chromaShape[c] = (byte)((shapeSum + 2) >> 2);
                _chromaHalo[c] = (byte)((haloSum + 2) >> 2);
                _u[c] = shapeSum == 0 ? color.U : (byte)(uSum / shapeSum);
                _v[c] = shapeSum == 0 ? color.V : (byte)(vSum / shapeSum);
            }
        }
    }

    /// <summary>Width and height in pixels (even).</summary>
    public int Size { get; }

    /// <summary>
    /// Draws the sprite with its top-left at (<paramref name="x"/>, <paramref name="y"/>) (rounded down to
    /// even; the caller keeps it inside the picture): the halo in <paramref name="haloColor"/> at half
    /// of <paramref name="opacity"/>, then the shape at <paramref name="opacity"/>.
    /// </summary>
    public void Draw(I420Image canvas, int x, int y, YuvColor haloColor, byte opacity)
    {
        x &= ~1;
        y &= ~1;
        var size = Size;
        if (opacity == 0 || x < 0 || y < 0 || x + size > canvas.Width || y + size > canvas.Height)
        {
            return;
        }

        var haloOpacity = opacity / 2;
        var luma = canvas.YPlane;
        for (var row = 0; row < size; row++)
        {
            var target = luma.Slice(((y + row) * canvas.Width) + x, size);
            var offset = row * size;
            for (var i = 0; i < size; i++)
            {
                target[i] = Over(target[i], haloColor.Y, _halo[offset + i], haloOpacity, _y[offset + i], _shape[offset + i], opacity);
            }
        }

        var half = size / 2;
        var chromaWidth = canvas.Width / 2;
        var planeU = canvas.UPlane;
        var planeV = canvas.VPlane;
        for (var row = 0; row < half; row++)
        {
            var start = (((y / 2) + row) * chromaWidth) + (x / 2);
            var targetU = planeU.Slice(start, half);
            var targetV = planeV.Slice(start, half);
            var offset = row * half;
            for (var i = 0; i < half; i++)
            {
                var halo = _chromaHalo[offset + i];
                var shape = _chromaShape[offset + i];
                targetU[i] = Over(targetU[i], haloColor.U, halo, haloOpacity, _u[offset + i], shape, opacity);
                targetV[i] = Over(targetV[i], haloColor.V, halo, haloOpacity, _v[offset + i], shape, opacity);
            }
        }
    }

    /// <summary>The halo, then the shape, over <paramref name="under"/>.</summary>
    private static byte Over(byte under, byte haloColor, byte halo, int haloOpacity, byte color, byte shape, int opacity)
    {
        if ((halo | shape) == 0)
        {
            return under;
        }

        var h = Div255(halo * haloOpacity);
        var s = Div255(shape * opacity);
        var value = Div255((under * (255 - h)) + (haloColor * h));
        return (byte)Div255((value * (255 - s)) + (color * s));
    }

    /// <summary>x / 255 rounded, for 0 ≤ x ≤ 255·255.</summary>
    private static int Div255(int x)
    {
        x += 128;
        return (x + (x >> 8)) >> 8;
    }

    private static byte Inside(AlphaMask mask, int x, int y) =>
        x >= 0 && y >= 0 && x < mask.Width && y < mask.Height ? mask[x, y] : (byte)0;

    private static byte Mix(byte under, byte over, int alpha) => (byte)(((under * (255 - alpha)) + (over * alpha) + 127) / 255);
}
