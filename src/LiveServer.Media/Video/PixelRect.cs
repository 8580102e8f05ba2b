namespace LiveServer.Media.Video;

/// <summary>A rectangle on a canvas, in pixels. I420 drawing needs even coordinates and sizes.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    /// <summary>True when the rectangle covers no pixel.</summary>
    public bool IsEmpty => Width <= 0 || Height <= 0;

    /// <summary>The same rectangle rounded inward to even coordinates and sizes.</summary>
    public PixelRect ToEven()
    {
        var x = (X + 1) & ~1;
        var y = (Y + 1) & ~1;
        var right = (X + Width) & ~1;
        var bottom = (Y + Height) & ~1;
        return new PixelRect(x, y, Math.Max(0, right - x), Math.Max(0, bottom - y));
    }

    /// <summary>
    /// The largest rectangle with the source's aspect ratio that fits in this one, centred
    /// (letter- or pillar-boxed), with even coordinates.
    /// </summary>
    public PixelRect Fit(int sourceWidth, int sourceHeight)
    {
        if (sourceWidth <= 0 || sourceHeight <= 0 || IsEmpty)
        {
            return default;
        }

        long widthIfFullHeight = (long)Height * sourceWidth / sourceHeight;
        var (width, height) = widthIfFullHeight <= Width
            ? ((int)widthIfFullHeight, Height)
            : (Width, (int)((long)Width * sourceHeight / sourceWidth));
        width &= ~1;
        height &= ~1;
        return new PixelRect(X + (((Width - width) / 2) & ~1), Y + (((Height - height) / 2) & ~1), width, height);
    }
}
