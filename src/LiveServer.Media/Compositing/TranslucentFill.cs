using System.Numerics;
using LiveServer.Media.Video;

namespace LiveServer.Media.Compositing;

/// <summary>
/// Lays one colour at one opacity over a rectangle of a picture (the poll card's box): a blend with no
/// mask to read, a row at a time with SIMD (16-bit lanes: under·(255−a) + colour·a, divided by 255
/// with rounding by the shift-and-add identity, exact for these ranges). Allocates nothing.
/// </summary>
internal static class TranslucentFill
{
    /// <summary>Blends <paramref name="color"/> at <paramref name="alpha"/> over <paramref name="rect"/> (rounded inward to even, clipped to the picture).</summary>
    public static void Fill(I420Image canvas, PixelRect rect, YuvColor color, byte alpha)
    {
        var r = canvas.Clip(rect.ToEven());
        if (r.IsEmpty || alpha == 0)
        {
            return;
        }

        var luma = canvas.YPlane;
        for (var row = r.Y; row < r.Y + r.Height; row++)
        {
            BlendRow(luma.Slice((row * canvas.Width) + r.X, r.Width), color.Y, alpha);
        }

        var u = canvas.UPlane;
        var v = canvas.VPlane;
        var chromaWidth = canvas.Width / 2;
        for (var row = r.Y / 2; row < (r.Y + r.Height) / 2; row++)
        {
            BlendRow(u.Slice((row * chromaWidth) + (r.X / 2), r.Width / 2), color.U, alpha);
            BlendRow(v.Slice((row * chromaWidth) + (r.X / 2), r.Width / 2), color.V, alpha);
        }
    }

    /// <summary>Every byte b of <paramref name="row"/> becomes round((b·(255−a) + c·a) / 255).</summary>
    public static void BlendRow(Span<byte> row, byte color, byte alpha)
    {
        var inverse = 255 - alpha;

        // + 128, and then (x + (x >> 8)) >> 8 is x / 255 rounded, for x up to 255·255 + 128.
        var add = (color * alpha) + 128;
        var i = 0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<byte>.Count)
        {
            var inverseLanes = new Vector<ushort>((ushort)inverse);
            var addLanes = new Vector<ushort>((ushort)add);
            for (; i <= row.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var slice = row.Slice(i, Vector<byte>.Count);
                Vector.Widen(new Vector<byte>(slice), out var low, out var high);
                low = (low * inverseLanes) + addLanes;
                high = (high * inverseLanes) + addLanes;
                low = Vector.ShiftRightLogical(low + Vector.ShiftRightLogical(low, 8), 8);
                high = Vector.ShiftRightLogical(high + Vector.ShiftRightLogical(high, 8), 8);
                Vector.Narrow(low, high).CopyTo(slice);
            }
        }

        for (; i < row.Length; i++)
        {
            var x = (row[i] * inverse) + add;
            row[i] = (byte)((x + (x >> 8)) >> 8);
        }
    }
}
