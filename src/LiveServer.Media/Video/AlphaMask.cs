namespace LiveServer.Media.Video;

/// <summary>
/// An 8-bit coverage mask (0 transparent .. 255 opaque), one byte per pixel, rows without padding:
/// rendered text or a shape, blended into a picture in any colour with
/// <see cref="I420Image.Blend(AlphaMask, int, int, YuvColor, PixelRect, byte)"/>. Immutable once made.
/// </summary>
public sealed class AlphaMask
{
    private readonly byte[] _pixels;

    /// <summary>Wraps <paramref name="pixels"/> (width x height bytes), which the mask then owns.</summary>
    public AlphaMask(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length < width * height)
        {
            throw new ArgumentException("A mask needs width*height bytes.", nameof(pixels));
        }

        Width = width;
        Height = height;
        _pixels = pixels;
    }

    /// <summary>A mask that covers nothing.</summary>
    public static AlphaMask Empty { get; } = new(0, 0, []);

    /// <summary>Mask width in pixels.</summary>
    public int Width { get; }

    /// <summary>Mask height in pixels.</summary>
    public int Height { get; }

    /// <summary>True when the mask covers no pixel.</summary>
    public bool IsEmpty => Width == 0 || Height == 0;

    /// <summary>The coverage values, row after row.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels.AsSpan(0, Width * Height);

    /// <summary>The coverage at (x, y).</summary>
    public byte this[int x, int y] => _pixels[(y * Width) + x];

    /// <summary>
    /// A filled rectangle with rounded corners of <paramref name="radius"/> pixels, anti-aliased
    /// (coverage from the distance of each pixel centre to the edge). A square with a radius of half
    /// its side is a circle.
    /// </summary>
    public static AlphaMask RoundedRect(int width, int height, float radius)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        var pixels = new byte[width * height];
        var halfWidth = width / 2f;
        var halfHeight = height / 2f;
        var r = Math.Clamp(radius, 0f, Math.Min(halfWidth, halfHeight));
        for (var y = 0; y < height; y++)
        {
            var qy = MathF.Abs(y + 0.5f - halfHeight) - (halfHeight - r);
            for (var x = 0; x < width; x++)
            {
                var qx = MathF.Abs(x + 0.5f - halfWidth) - (halfWidth - r);
                var outsideX = MathF.Max(qx, 0f);
                var outsideY = MathF.Max(qy, 0f);
                var distance = MathF.Sqrt((outsideX * outsideX) + (outsideY * outsideY)) + MathF.Min(MathF.Max(qx, qy), 0f) - r;
                var coverage = Math.Clamp(0.5f - distance, 0f, 1f);
                pixels[(y * width) + x] = (byte)MathF.Round(coverage * 255f);
            }
        }

        return new AlphaMask(width, height, pixels);
    }

    /// <summary>A filled circle of <paramref name="diameter"/> pixels, anti-aliased.</summary>
    public static AlphaMask Circle(int diameter) => RoundedRect(diameter, diameter, diameter / 2f);
}
