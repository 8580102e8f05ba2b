using LiveServer.Media.Video;

namespace LiveServer.Media.Tests.TestKit;

/// <summary>Builds I420 pictures and reads their pixels.</summary>
internal static class Pictures
{
    /// <summary>A new picture filled with <paramref name="color"/>.</summary>
    public static I420Image Solid(int width, int height, YuvColor color)
    {
        var image = new I420Image(new byte[I420Image.SizeOf(width, height)], width, height);
        image.Fill(color);
        return image;
    }

    /// <summary>The colour at (x, y): its luma and the chroma of its 2x2 block.</summary>
    public static YuvColor At(I420Image image, int x, int y) => new(
        image.YPlane[(y * image.Width) + x],
        image.UPlane[((y / 2) * (image.Width / 2)) + (x / 2)],
        image.VPlane[((y / 2) * (image.Width / 2)) + (x / 2)]);

    /// <summary>The colour at the centre of <paramref name="rect"/>.</summary>
    public static YuvColor AtCentre(I420Image image, PixelRect rect) =>
        At(image, rect.X + (rect.Width / 2), rect.Y + (rect.Height / 2));

    /// <summary>Pixels of <paramref name="rect"/> of exactly <paramref name="color"/> (luma and chroma).</summary>
    public static int CountOf(I420Image image, PixelRect rect, YuvColor color)
    {
        var count = 0;
        for (var y = rect.Y; y < rect.Y + rect.Height; y++)
        {
            for (var x = rect.X; x < rect.X + rect.Width; x++)
            {
                count += At(image, x, y) == color ? 1 : 0;
            }
        }

        return count;
    }

    /// <summary>True when (x, y) is inside <paramref name="rect"/>.</summary>
    public static bool Contains(PixelRect rect, int x, int y) =>
        x >= rect.X && x < rect.X + rect.Width && y >= rect.Y && y < rect.Y + rect.Height;

    /// <summary>Every pixel whose colour differs from what <paramref name="expected"/> says, as "(x,y)".</summary>
    public static List<string> Mismatches(I420Image image, Func<int, int, YuvColor> expected)
    {
        var mismatches = new List<string>();
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (At(image, x, y) != expected(x, y))
                {
                    mismatches.Add($"({x},{y})");
                }
            }
        }

        return mismatches;
    }
}
