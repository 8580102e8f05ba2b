using LiveServer.Media.Video;

namespace LiveServer.Media.Compositing;

/// <summary>
/// The sprite of one reaction type, drawn procedurally (no emoji font is assumed): a heart, a
/// laughing or a surprised face, a flame, or for any other type a coloured disc with the type's
/// initial; composed into a <see cref="SpriteImage"/> with a halo that is drawn in the theme's label
/// background (so a sprite stands out on any picture). Made once per type when a layer is attached,
/// never on the clock.
/// </summary>
internal static class ReactionArt
{
    /// <summary>The shape fills this share of the sprite; the halo the rest.</summary>
    private const float ShapeScale = 0.84f;

    private const int Supersampling = 4;

    /// <summary>The sprite of <paramref name="type"/>, <paramref name="size"/> (even) pixels square; letters come from <paramref name="masks"/>.</summary>
    public static SpriteImage For(string type, int size, MaskCache masks)
    {
        var face = YuvColor.FromRgb(0xfa, 0xcc, 0x15);
        var brown = YuvColor.FromRgb(0x7c, 0x2d, 0x12);
        switch (type)
        {
            case "heart":
                return Procedural(size, Heart, YuvColor.FromRgb(0xf4, 0x3f, 0x5e), null, default);
            case "laugh":
                return Procedural(size, Disc, face, LaughingFace, brown);
            case "wow":
                return Procedural(size, Disc, face, SurprisedFace, brown);
            case "fire":
                return Procedural(size, Flame, YuvColor.FromRgb(0xf9, 0x73, 0x16), InnerFlame, YuvColor.FromRgb(0xfd, 0xe0, 0x47));
            default:
                var letters = type == "thumbsup" ? "+1" : Initials.Of(type);
                var text = masks.Text(letters, Math.Max(6, size * 45 / 100), size * 7 / 10);
                var (x, y) = CentreOfInk(text, size / 2, size / 2);
                return new SpriteImage(Render(size, 1f, Disc), Render(size, ShapeScale, Disc), DiscColor(type), text, x, y, YuvColor.FromRgb(0xff, 0xff, 0xff));
        }
    }

    private static SpriteImage Procedural(int size, Func<float, float, bool> shape, YuvColor color, Func<float, float, bool>? detail, YuvColor detailColor) => new(
        Render(size, 1f, shape),
        Render(size, ShapeScale, shape),
        color,
        detail is null ? AlphaMask.Empty : Render(size, ShapeScale, detail),
        0,
        0,
        detailColor);

    /// <summary>
    /// Coverage of <paramref name="inside"/> (coordinates -1..1 across the sprite, y down) over a
    /// <paramref name="size"/> square, shrunk by <paramref name="scale"/>, from 4x4 samples per pixel.
    /// </summary>
    private static AlphaMask Render(int size, float scale, Func<float, float, bool> inside)
    {
        var pixels = new byte[size * size];
        const int samples = Supersampling * Supersampling;
        for (var py = 0; py < size; py++)
        {
            for (var px = 0; px < size; px++)
            {
                var hits = 0;
                for (var sy = 0; sy < Supersampling; sy++)
                {
                    for (var sx = 0; sx < Supersampling; sx++)
                    {
                        var u = ((((px + ((sx + 0.5f) / Supersampling)) / size) * 2f) - 1f) / scale;
                        var v = ((((py + ((sy + 0.5f) / Supersampling)) / size) * 2f) - 1f) / scale;
                        if (inside(u, v))
                        {
                            hits++;
                        }
                    }
                }

                pixels[(py * size) + px] = (byte)((hits * 255) / samples);
            }
        }

        return new AlphaMask(size, size, pixels);
    }

    private static bool Disc(float u, float v) => (u * u) + (v * v) <= 0.92f * 0.92f;

    /// <summary>The heart curve (x² + y² − 1)³ − x²y³ ≤ 0, fitted into the square.</summary>
    private static bool Heart(float u, float v)
    {
        var x = u * 1.2f;
        var y = (-v * 1.2f) + 0.12f;
        var a = (x * x) + (y * y) - 1f;
        return (a * a * a) - (x * x * y * y * y) <= 0f;
    }

    /// <summary>A drop with its point up: a circle in the lower part and sides narrowing to the tip.</summary>
    private static bool Flame(float u, float v) => Drop(u, v, 0.3f, 0.62f, -0.95f);

    private static bool InnerFlame(float u, float v) => Drop(u, v, 0.5f, 0.34f, -0.1f);

    private static bool Drop(float u, float v, float centreY, float radius, float tipY)
    {
        var dy = v - centreY;
        if ((u * u) + (dy * dy) <= radius * radius)
        {
            return true;
        }

        if (v < tipY || v > centreY)
        {
            return false;
        }

        var share = (v - tipY) / (centreY - tipY);
        return MathF.Abs(u) <= radius * MathF.Pow(share, 1.4f);
    }

    /// <summary>Two eyes and a wide open smile.</summary>
    private static bool LaughingFace(float u, float v) =>
        Eye(u, v, 0.11f) || (v >= 0.12f && (u * u) + ((v - 0.12f) * (v - 0.12f)) <= 0.5f * 0.5f);

    /// <summary>Two eyes and an open round mouth.</summary>
    private static bool SurprisedFace(float u, float v)
    {
        var mx = u / 0.2f;
        var my = (v - 0.38f) / 0.27f;
        return Eye(u, v, 0.12f) || (mx * mx) + (my * my) <= 1f;
    }

    private static bool Eye(float u, float v, float radius)
    {
        var dx = MathF.Abs(u) - 0.33f;
        var dy = v + 0.27f;
        return (dx * dx) + (dy * dy) <= radius * radius;
    }

    /// <summary>A colour of its own for every other type: known ones fixed, the rest picked by a hash of the name.</summary>
    private static YuvColor DiscColor(string type)
    {
        (int R, int G, int B)[] colors = [(0x3b, 0x82, 0xf6), (0x8b, 0x5c, 0xf6), (0x10, 0xb9, 0x81), (0xec, 0x48, 0x99), (0x06, 0xb6, 0xd4)];
        var (r, g, b) = type switch
        {
            "clap" => (0xf5, 0x9e, 0x0b),
            "thumbsup" => (0x3b, 0x82, 0xf6),
            _ => colors[(int)(StableHash(type) % (uint)colors.Length)],
        };
        return YuvColor.FromRgb(r, g, b);
    }

    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    /// <summary>The top-left that puts the middle of <paramref name="mask"/>'s inked pixels on the centre.</summary>
    private static (int X, int Y) CentreOfInk(AlphaMask mask, int centreX, int centreY)
    {
        int left = mask.Width, right = -1, top = mask.Height, bottom = -1;
        for (var y = 0; y < mask.Height; y++)
        {
            for (var x = 0; x < mask.Width; x++)
            {
                if (mask[x, y] != 0)
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                    top = Math.Min(top, y);
                    bottom = Math.Max(bottom, y);
                }
            }
        }

        return right < 0 ? (0, 0) : (centreX - ((left + right + 1) / 2), centreY - ((top + bottom + 1) / 2));
    }
}
