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

    /// <summary>
    /// The size of the source scaled, aspect kept, until it covers this rectangle (the smallest such,
    /// even): what a picture cropped to fill this rectangle (<see cref="Fit"/> of the picture by this
    /// rectangle's aspect) is best decoded at. Empty when either is empty.
    /// </summary>
    public (int Width, int Height) CoverSize(int sourceWidth, int sourceHeight)
    {
        if (sourceWidth <= 0 || sourceHeight <= 0 || IsEmpty)
        {
            return (0, 0);
        }

        // Rounded up to even, so the crop of the covering size is never smaller than this rectangle.
        var widthIfFullHeight = CeilingDivide((long)Height * sourceWidth, sourceHeight);
        return widthIfFullHeight >= Width
            ? (UpToEven(widthIfFullHeight), UpToEven(Height))
            : (UpToEven(Width), UpToEven(CeilingDivide((long)Width * sourceHeight, sourceWidth)));
    }

    private static long CeilingDivide(long value, long divisor) => (value + divisor - 1) / divisor;

    private static int UpToEven(long value) => (int)((value + 1) & ~1L);
}
