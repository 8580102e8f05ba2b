using System.Numerics;

namespace LiveServer.Media.Templates;

/// <summary>
/// Blends a row of colours with their own alphas over a row of a plane: every byte b becomes
/// round((b·(255−a) + c·a) / 255), with SIMD in 16-bit lanes (the sum stays under 65,536, and
/// (x + (x >> 8)) >> 8 of x + 128 is x / 255 rounded). Exact at a = 0 and a = 255, so a run may carry
/// a few fully transparent or opaque pixels. Allocates nothing.
/// </summary>
internal static class AlphaBlend
{
    /// <summary>Blends <paramref name="color"/> at <paramref name="alpha"/> (same lengths as <paramref name="target"/>) into it.</summary>
    public static void Row(Span<byte> target, ReadOnlySpan<byte> color, ReadOnlySpan<byte> alpha)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && target.Length >= Vector<byte>.Count)
        {
            var full = new Vector<ushort>(255);
            var half = new Vector<ushort>(128);
            for (; i <= target.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var slice = target.Slice(i, Vector<byte>.Count);
                Vector.Widen(new Vector<byte>(slice), out var underLow, out var underHigh);
                Vector.Widen(new Vector<byte>(color.Slice(i, Vector<byte>.Count)), out var colorLow, out var colorHigh);
                Vector.Widen(new Vector<byte>(alpha.Slice(i, Vector<byte>.Count)), out var alphaLow, out var alphaHigh);
                var low = (underLow * (full - alphaLow)) + (colorLow * alphaLow) + half;
                var high = (underHigh * (full - alphaHigh)) + (colorHigh * alphaHigh) + half;
                low = Vector.ShiftRightLogical(low + Vector.ShiftRightLogical(low, 8), 8);
                high = Vector.ShiftRightLogical(high + Vector.ShiftRightLogical(high, 8), 8);
                Vector.Narrow(low, high).CopyTo(slice);
            }
        }

        for (; i < target.Length; i++)
        {
            var a = alpha[i];
            var x = (target[i] * (255 - a)) + (color[i] * a) + 128;
            target[i] = (byte)((x + (x >> 8)) >> 8);
        }
    }
}
