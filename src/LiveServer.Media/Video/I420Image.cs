namespace LiveServer.Media.Video;

/// <summary>
/// A planar 4:2:0 picture laid out as FFmpeg's <c>yuv420p</c>: the Y plane (width x height), then U
/// and V (each width/2 x height/2), with no row padding. A view over a buffer it does not own.
/// </summary>
public readonly struct I420Image
{
    /// <summary>Wraps <paramref name="buffer"/>, which must hold <see cref="SizeOf"/> bytes.</summary>
    public I420Image(byte[] buffer, int width, int height)
    {
        if ((width | height) % 2 != 0 || buffer.Length < SizeOf(width, height))
        {
            throw new ArgumentException("I420 needs even sizes and a buffer of width*height*3/2 bytes.");
        }

        Buffer = buffer;
        Width = width;
        Height = height;
    }

    /// <summary>The bytes.</summary>
    public byte[] Buffer { get; }

    /// <summary>Picture width.</summary>
    public int Width { get; }

    /// <summary>Picture height.</summary>
    public int Height { get; }

    /// <summary>The luma plane.</summary>
    public Span<byte> YPlane => Buffer.AsSpan(0, Width * Height);

    /// <summary>The Cb plane.</summary>
    public Span<byte> UPlane => Buffer.AsSpan(Width * Height, Width * Height / 4);

    /// <summary>The Cr plane.</summary>
    public Span<byte> VPlane => Buffer.AsSpan(Width * Height * 5 / 4, Width * Height / 4);

    /// <summary>Bytes of an I420 picture of this size.</summary>
    public static int SizeOf(int width, int height) => width * height * 3 / 2;

    /// <summary>Fills the whole picture with one colour.</summary>
    public void Fill(YuvColor color)
    {
        YPlane.Fill(color.Y);
        UPlane.Fill(color.U);
        VPlane.Fill(color.V);
    }

    /// <summary>Fills a rectangle (even coordinates) with one colour.</summary>
    public void Fill(PixelRect rect, YuvColor color)
    {
        var r = Clip(rect.ToEven());
        if (r.IsEmpty)
        {
            return;
        }

        var y = YPlane;
        for (var row = r.Y; row < r.Y + r.Height; row++)
        {
            y.Slice((row * Width) + r.X, r.Width).Fill(color.Y);
        }

        var u = UPlane;
        var v = VPlane;
        var chromaWidth = Width / 2;
        for (var row = r.Y / 2; row < (r.Y + r.Height) / 2; row++)
        {
            u.Slice((row * chromaWidth) + (r.X / 2), r.Width / 2).Fill(color.U);
            v.Slice((row * chromaWidth) + (r.X / 2), r.Width / 2).Fill(color.V);
        }
    }

    /// <summary>
    /// Paints <paramref name="thickness"/> pixels (rounded down to even) of <paramref name="color"/>
    /// along the inside of <paramref name="rect"/>'s edges (even coordinates), leaving its inside as it is.
    /// </summary>
    public void DrawBorder(PixelRect rect, int thickness, YuvColor color)
    {
        var r = rect.ToEven();
        var t = Math.Min(thickness & ~1, (Math.Min(r.Width, r.Height) / 2) & ~1);
        if (r.IsEmpty || t <= 0)
        {
            return;
        }

        Fill(new PixelRect(r.X, r.Y, r.Width, t), color);
        Fill(new PixelRect(r.X, r.Y + r.Height - t, r.Width, t), color);
        Fill(new PixelRect(r.X, r.Y + t, t, r.Height - (2 * t)), color);
        Fill(new PixelRect(r.X + r.Width - t, r.Y + t, t, r.Height - (2 * t)), color);
    }

    /// <summary>
    /// Blends <paramref name="color"/> into the picture through <paramref name="mask"/>, whose top-left
    /// pixel goes to (<paramref name="x"/>, <paramref name="y"/>), scaled by <paramref name="opacity"/>,
    /// only inside <paramref name="clip"/> (rounded inward to even coordinates). Luma blends per pixel;
    /// each chroma sample blends by the mean coverage of its 2x2 block. Allocates nothing.
    /// </summary>
    public void Blend(AlphaMask mask, int x, int y, YuvColor color, PixelRect clip, byte opacity = 255)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var bounds = Clip(clip.ToEven());
        var left = Math.Max(bounds.X, x);
        var top = Math.Max(bounds.Y, y);
        var right = Math.Min(bounds.X + bounds.Width, x + mask.Width);
        var bottom = Math.Min(bounds.Y + bounds.Height, y + mask.Height);
        if (right <= left || bottom <= top || opacity == 0)
        {
            return;
        }

        var coverage = mask.Pixels;
        var luma = YPlane;
        for (var row = top; row < bottom; row++)
        {
            var maskRow = coverage.Slice(((row - y) * mask.Width) + (left - x), right - left);
            var lumaRow = luma.Slice((row * Width) + left, right - left);
            for (var i = 0; i < maskRow.Length; i++)
            {
                lumaRow[i] = Mix(lumaRow[i], color.Y, Scale(maskRow[i], opacity));
            }
        }

        // Chroma: every 2x2 block that the covered area touches; pixels outside it count as 0.
        var u = UPlane;
        var v = VPlane;
        var chromaWidth = Width / 2;
        for (var blockRow = top / 2; blockRow < (bottom + 1) / 2; blockRow++)
        {
            for (var blockColumn = left / 2; blockColumn < (right + 1) / 2; blockColumn++)
            {
                var sum = 0;
                for (var dy = 0; dy < 2; dy++)
                {
                    var py = (blockRow * 2) + dy;
                    if (py < top || py >= bottom)
                    {
                        continue;
                    }

                    for (var dx = 0; dx < 2; dx++)
                    {
                        var px = (blockColumn * 2) + dx;
                        if (px >= left && px < right)
                        {
                            sum += coverage[((py - y) * mask.Width) + (px - x)];
                        }
                    }
                }

                if (sum == 0)
                {
                    continue;
                }

                var alpha = Scale((byte)((sum + 2) >> 2), opacity);
                var index = (blockRow * chromaWidth) + blockColumn;
                u[index] = Mix(u[index], color.U, alpha);
                v[index] = Mix(v[index], color.V, alpha);
            }
        }
    }

    /// <summary>The part of <paramref name="rect"/> inside the picture.</summary>
    public PixelRect Clip(PixelRect rect)
    {
        var x = Math.Max(0, rect.X);
        var y = Math.Max(0, rect.Y);
        var right = Math.Min(Width, rect.X + rect.Width);
        var bottom = Math.Min(Height, rect.Y + rect.Height);
        return new PixelRect(x, y, Math.Max(0, right - x), Math.Max(0, bottom - y));
    }

    private static int Scale(byte coverage, byte opacity) => opacity == 255 ? coverage : ((coverage * opacity) + 127) / 255;

    private static byte Mix(byte under, byte over, int alpha) => alpha switch
    {
        0 => under,
        255 => over,
        _ => (byte)(((under * (255 - alpha)) + (over * alpha) + 127) / 255),
    };
}
