namespace LiveServer.Media.Video;

/// <summary>
/// Scales an I420 picture, or a crop of it, into a rectangle of another with bilinear filtering in 8-bit fixed point.
/// The per-column weights are computed once per (source width, destination width) and kept, so a
/// steady layout draws without allocating.
/// </summary>
public sealed class I420Scaler
{
    private readonly Dictionary<(int Source, int Destination), Axis> _axes = [];

    /// <summary>Draws all of <paramref name="source"/> into <paramref name="target"/> of <paramref name="canvas"/>.</summary>
    public void Scale(ReadOnlySpan<byte> source, int sourceWidth, int sourceHeight, I420Image canvas, PixelRect target) =>
        Scale(source, sourceWidth, sourceHeight, new PixelRect(0, 0, sourceWidth, sourceHeight), canvas, target);

    /// <summary>
    /// Draws the <paramref name="crop"/> of <paramref name="source"/> (even coordinates, inside the
    /// picture) into <paramref name="target"/> of <paramref name="canvas"/>. A crop of the target's own
    /// size is copied row by row.
    /// </summary>
    public void Scale(ReadOnlySpan<byte> source, int sourceWidth, int sourceHeight, PixelRect crop, I420Image canvas, PixelRect target)
    {
        var rect = canvas.Clip(target.ToEven());
        var region = crop.ToEven();
        if (rect.IsEmpty || rect != target.ToEven() || source.Length < I420Image.SizeOf(sourceWidth, sourceHeight)
            || region.IsEmpty || region != crop || region.X + region.Width > sourceWidth || region.Y + region.Height > sourceHeight)
        {
            return;
        }

        var lumaSize = sourceWidth * sourceHeight;
        var chromaWidth = sourceWidth / 2;
        var chromaRect = new PixelRect(rect.X / 2, rect.Y / 2, rect.Width / 2, rect.Height / 2);
        var chromaRegion = new PixelRect(region.X / 2, region.Y / 2, region.Width / 2, region.Height / 2);
        ScalePlane(source[..lumaSize], sourceWidth, region, canvas.YPlane, canvas.Width, rect);
        ScalePlane(source.Slice(lumaSize, lumaSize / 4), chromaWidth, chromaRegion, canvas.UPlane, canvas.Width / 2, chromaRect);
        ScalePlane(source.Slice(lumaSize * 5 / 4, lumaSize / 4), chromaWidth, chromaRegion, canvas.VPlane, canvas.Width / 2, chromaRect);
    }

    private void ScalePlane(
        ReadOnlySpan<byte> source, int sourceStride, PixelRect region, Span<byte> destination, int destinationStride, PixelRect rect)
    {
        var columns = AxisFor(region.Width, rect.Width);
        var rows = AxisFor(region.Height, rect.Height);
        var index = columns.Index;
        var weight = columns.Weight;
        var lastRow = region.Height - 1;
        for (var y = 0; y < rect.Height; y++)
        {
            var top = source.Slice(((region.Y + rows.Index[y]) * sourceStride) + region.X, region.Width);
            var bottom = source.Slice(((region.Y + Math.Min(rows.Index[y] + 1, lastRow)) * sourceStride) + region.X, region.Width);
            int wy = rows.Weight[y];
            var row = destination.Slice(((rect.Y + y) * destinationStride) + rect.X, rect.Width);
            if (region.Width == rect.Width && wy == 0)
            {
                top.CopyTo(row);
                continue;
            }

            for (var x = 0; x < row.Length; x++)
            {
                var i = index[x];
                var j = i + 1 < region.Width ? i + 1 : i;
                int wx = weight[x];
                var upper = (top[i] << 8) + ((top[j] - top[i]) * wx);
                var lower = (bottom[i] << 8) + ((bottom[j] - bottom[i]) * wx);
                row[x] = (byte)(((upper << 8) + ((lower - upper) * wy) + 32768) >> 16);
            }
        }
    }

    private Axis AxisFor(int source, int destination)
    {
        if (!_axes.TryGetValue((source, destination), out var axis))
        {
            axis = Axis.Create(source, destination);
            _axes[(source, destination)] = axis;
        }

        return axis;
    }

    /// <summary>For each destination position: the source index and the 0..255 weight of the next one.</summary>
    private sealed record Axis(int[] Index, byte[] Weight)
    {
        public static Axis Create(int source, int destination)
        {
            var index = new int[destination];
            var weight = new byte[destination];
            var step = (double)source / destination;
            for (var d = 0; d < destination; d++)
            {
                var position = Math.Clamp(((d + 0.5) * step) - 0.5, 0, source - 1);
                index[d] = (int)position;
                weight[d] = (byte)Math.Min(255, (int)Math.Round((position - index[d]) * 256));
            }

            return new Axis(index, weight);
        }
    }
}
