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

    /// <summary>The part of <paramref name="rect"/> inside the picture.</summary>
    public PixelRect Clip(PixelRect rect)
    {
        var x = Math.Max(0, rect.X);
        var y = Math.Max(0, rect.Y);
        var right = Math.Min(Width, rect.X + rect.Width);
        var bottom = Math.Min(Height, rect.Y + rect.Height);
        return new PixelRect(x, y, Math.Max(0, right - x), Math.Max(0, bottom - y));
    }
}
