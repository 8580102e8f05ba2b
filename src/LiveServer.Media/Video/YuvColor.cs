namespace LiveServer.Media.Video;

/// <summary>A colour in limited-range BT.601 Y'CbCr, the way the encoder reads I420.</summary>
/// <param name="Y">Luma, 16..235.</param>
/// <param name="U">Cb, 16..240.</param>
/// <param name="V">Cr, 16..240.</param>
public readonly record struct YuvColor(byte Y, byte U, byte V)
{
    /// <summary>Converts an sRGB colour (0..255 each).</summary>
    public static YuvColor FromRgb(int r, int g, int b)
    {
        var y = 16 + (((66 * r) + (129 * g) + (25 * b) + 128) >> 8);
        var u = 128 + (((-38 * r) - (74 * g) + (112 * b) + 128) >> 8);
        var v = 128 + (((112 * r) - (94 * g) - (18 * b) + 128) >> 8);
        return new YuvColor((byte)y, (byte)u, (byte)v);
    }

    /// <summary>Parses <c>#rrggbb</c>.</summary>
    public static YuvColor FromHex(string hex)
    {
        var value = Convert.ToInt32(hex.TrimStart('#'), 16);
        return FromRgb((value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff);
    }
}
