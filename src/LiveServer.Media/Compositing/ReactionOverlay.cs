using LiveServer.Media.Video;

namespace LiveServer.Media.Compositing;

/// <summary>
/// Floating reactions: each burst of reactions spawns a few sprites of each type (one for a single
/// reaction, one more for every doubling, five at most), spread over the push interval, that rise
/// through <see cref="OverlayAreas.Reactions"/> from its bottom, sway a little, and fade out over
/// <see cref="Lifetime"/>. At most <see cref="MaxSprites"/> are alive, however many reactions arrive:
/// the rest are counted in <see cref="Dropped"/>, not drawn. State is a fixed array of structs, so a
/// frame allocates nothing.
/// </summary>
internal sealed class ReactionOverlay
{
    /// <summary>Sprites alive at most.</summary>
    public const int MaxSprites = 30;

    /// <summary>Sprites one type spawns per burst at most.</summary>
    public const int MaxPerTypeAndBurst = 5;

    /// <summary>How long a sprite rises before it is gone.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    private readonly Sprite[] _sprites = new Sprite[MaxSprites];
    private readonly SpriteImage[] _art;
    private readonly PixelRect _area;
    private readonly int _size;
    private readonly int _lifetimeFrames;
    private readonly int _spreadFrames;
    private uint _random;
    private long _frame;

    /// <summary>Prepares the sprites of <paramref name="types"/> for <paramref name="area"/> (sized by <paramref name="unit"/>).</summary>
    public ReactionOverlay(IReadOnlyList<string> types, PixelRect area, int unit, int frameRate, MaskCache masks, uint seed)
    {
        _area = area;
        _size = Math.Min(Math.Max(12, unit * 6 / 100), Math.Min(area.Width, area.Height)) & ~1;
        _art = [.. types.Select(type => ReactionArt.For(type, _size, masks))];
        _lifetimeFrames = Math.Max(1, (int)(Lifetime.TotalSeconds * frameRate));
        _spreadFrames = Math.Max(1, frameRate / 4);
        _random = seed == 0 ? 0x9e3779b9u : seed;
    }

    /// <summary>Sprites alive now (including those waiting for their spawn frame).</summary>
    public int Alive { get; private set; }

    /// <summary>Sprites not spawned because <see cref="MaxSprites"/> were alive.</summary>
    public long Dropped { get; private set; }

    /// <summary>The sprites' size in pixels.</summary>
    public int SpriteSize => _size;

    /// <summary>
    /// One frame: retires sprites whose time is up, then spawns those of <paramref name="burst"/>; with
    /// <paramref name="enabled"/> false, clears them all and ignores the burst.
    /// </summary>
    public void Advance(ReactionBurst? burst, bool enabled)
    {
        _frame++;
        if (!enabled)
        {
            if (Alive > 0)
            {
                Array.Clear(_sprites);
                Alive = 0;
            }

            return;
        }

        for (var i = 0; i < _sprites.Length; i++)
        {
            ref var sprite = ref _sprites[i];
            if (sprite.Alive && _frame - sprite.Born >= _lifetimeFrames)
            {
                sprite.Alive = false;
                Alive--;
            }
        }

        if (burst is null)
        {
            return;
        }

        var counts = burst.Counts;
        for (var type = 0; type < counts.Length && type < _art.Length; type++)
        {
            var count = counts[type];
            if (count <= 0)
            {
                continue;
            }

            var wanted = Math.Min(MaxPerTypeAndBurst, 1 + (int)Math.Log2(count));
            for (var n = 0; n < wanted; n++)
            {
                if (!Spawn(type))
                {
                    Dropped += wanted - n;
                    break;
                }
            }
        }
    }

    /// <summary>Draws the sprites alive, inside the area.</summary>
    public void Draw(I420Image canvas, ThemePalette palette)
    {
        var travel = _area.Height - _size;
        for (var i = 0; i < _sprites.Length; i++)
        {
            var sprite = _sprites[i];
            var age = _frame - sprite.Born;
            if (!sprite.Alive || age < 0)
            {
                continue;
            }

            var t = (float)age / _lifetimeFrames;
            var opacity = t < 0.1f ? t / 0.1f : t > 0.6f ? (1f - t) / 0.4f : 1f;
            var alpha = (byte)Math.Clamp((int)(opacity * 255f), 0, 255);
            if (alpha == 0)
            {
                continue;
            }

            var rise = t * (1.5f - (0.5f * t));
            var y = _area.Y + travel - (int)(rise * sprite.Rise * travel);
            var sway = MathF.Sin(sprite.Phase + (t * MathF.PI * 2.4f)) * sprite.Sway * _size;
            var x = _area.X + (int)((sprite.Lane * (_area.Width - _size)) + sway);

            // Even and inside the (even) area, so the sprite never draws outside it.
            x = Math.Clamp(x, _area.X, _area.X + _area.Width - _size) & ~1;
            y = Math.Clamp(y, _area.Y, _area.Y + travel) & ~1;
            _art[sprite.Type].Draw(canvas, x, y, palette.LabelBackground, alpha);
        }
    }

    private bool Spawn(int type)
    {
        for (var i = 0; i < _sprites.Length; i++)
        {
            ref var sprite = ref _sprites[i];
            if (sprite.Alive)
            {
                continue;
            }

            sprite = new Sprite
            {
                Alive = true,
                Type = type,
                Born = _frame + (Next() % (uint)_spreadFrames),
                Lane = 0.15f + (0.85f * NextUnit()),
                Phase = NextUnit() * MathF.PI * 2f,
                Sway = 0.15f + (0.25f * NextUnit()),
                Rise = 0.75f + (0.25f * NextUnit()),
            };
            Alive++;
            return true;
        }

        return false;
    }

    /// <summary>xorshift32: cheap, allocation-free, and the same every run for a seed.</summary>
    private uint Next()
    {
        var x = _random;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        _random = x;
        return x;
    }

    private float NextUnit() => (Next() >> 8) / (float)(1 << 24);

    private struct Sprite
    {
        public bool Alive;
        public int Type;
        public long Born;
        public float Lane;
        public float Phase;
        public float Sway;
        public float Rise;
    }
}
