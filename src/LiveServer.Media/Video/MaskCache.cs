namespace LiveServer.Media.Video;

/// <summary>
/// Keeps the masks a scene draws (name labels, initials, label boxes, placeholder circles) so each is
/// rendered once: bounded, least recently used out first. A tile holds up to four (its name, the
/// name's box, the placeholder circle, the initials), so a scene of 25 tiles up to 100; the default
/// 256 entries keep two such scenes, and a speaker change or a pin, which rebuilds the scene, renders
/// nothing. Thread-safe.
/// </summary>
/// <param name="rasterizer">
/// Renders the text masks; null where text cannot be drawn (the native SkiaSharp library failed to
/// load), and then every text mask is empty while shapes still work.
/// </param>
/// <param name="capacity">Masks kept at most.</param>
public sealed class MaskCache(TextRasterizer? rasterizer, int capacity = MaskCache.DefaultCapacity)
{
    /// <summary>Masks kept when no capacity is given.</summary>
    public const int DefaultCapacity = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<Key, LinkedListNode<(Key Key, AlphaMask Mask)>> _entries = [];
    private readonly LinkedList<(Key Key, AlphaMask Mask)> _recency = new();

    /// <summary>Masks kept at most.</summary>
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Masks kept now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Masks rendered so far (cache misses).</summary>
    public long Renders { get; private set; }

    /// <summary>
    /// <paramref name="text"/> at <paramref name="fontSize"/> pixels, ellipsized to
    /// <paramref name="maxWidth"/> (see <see cref="TextRasterizer.Render"/>).
    /// </summary>
    public AlphaMask Text(string text, int fontSize, int maxWidth = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(text);
        return rasterizer is null
            ? AlphaMask.Empty
            : GetOrRender(new Key(text, fontSize, maxWidth, 0), key => rasterizer.Render(key.Text!, key.A, key.B));
    }

    /// <summary>A filled rectangle with rounded corners (see <see cref="AlphaMask.RoundedRect"/>).</summary>
    public AlphaMask RoundedRect(int width, int height, int radius) =>
        GetOrRender(new Key(null, width, height, radius), key => AlphaMask.RoundedRect(key.A, key.B, key.C));

    /// <summary>A filled circle (see <see cref="AlphaMask.Circle"/>).</summary>
    public AlphaMask Circle(int diameter) => RoundedRect(diameter, diameter, diameter);

    private AlphaMask GetOrRender(Key key, Func<Key, AlphaMask> render)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Mask;
            }
        }

        // Rendered outside the lock: a concurrent miss on the same key renders twice, harmlessly.
        var mask = render(key);
        lock (_gate)
        {
            Renders++;
            if (_entries.TryGetValue(key, out var existing))
            {
                return existing.Value.Mask;
            }

            _entries[key] = _recency.AddFirst((key, mask));
            if (_entries.Count > Capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }

            return mask;
        }
    }

    /// <summary>Text masks: (text, font size, max width, 0); shapes: (null, width, height, radius).</summary>
    private readonly record struct Key(string? Text, int A, int B, int C);
}
