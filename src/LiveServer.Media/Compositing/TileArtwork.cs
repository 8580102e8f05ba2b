using LiveServer.Media.Video;

namespace LiveServer.Media.Compositing;

/// <summary>
/// What one tile draws besides its picture, prepared off the clock when the scene is set: the name
/// label (a rounded box and the text, bottom-left), the placeholder (a circle with the initials,
/// centred) and the thickness of the speaking border. Drawing it only blends finished masks.
/// </summary>
internal sealed class TileArtwork
{
    private readonly PixelRect _tile;
    private readonly Placed _labelBox;
    private readonly Placed _labelText;
    private readonly Placed _circle;
    private readonly Placed _initials;

    private TileArtwork(PixelRect tile, int borderThickness, Placed labelBox, Placed labelText, Placed circle, Placed initials)
    {
        _tile = tile;
        BorderThickness = borderThickness;
        _labelBox = labelBox;
        _labelText = labelText;
        _circle = circle;
        _initials = initials;
    }

    /// <summary>The smallest label text, in pixels: a tile of the 5 x 5 grid at 640x360 is 66 px high.</summary>
    public const int MinFontSize = 12;

    /// <summary>Even thickness of the speaking border: the canvas's, or less in a small tile.</summary>
    public int BorderThickness { get; }

    /// <summary>Where the label box is (empty when the tile has no label).</summary>
    public PixelRect LabelBox => _labelBox.Rect;

    /// <summary>Where the placeholder circle is (empty when the tile is too small for one).</summary>
    public PixelRect Placeholder => _circle.Rect;

    /// <summary>
    /// Lays out the artwork of <paramref name="tile"/>. Text masks come from <paramref name="masks"/>
    /// (rendered now if they are not kept there yet).
    /// </summary>
    public static TileArtwork Create(SceneTile tile, int borderThickness, MaskCache masks)
    {
        var rect = tile.Rect.ToEven();
        if (rect.IsEmpty)
        {
            return new TileArtwork(rect, borderThickness, default, default, default, default);
        }

        // The canvas's border, thinner in small tiles (1/45 of the short side, at least 2 px), so
        // the 5 x 5 grid keeps its pictures; the label's margin follows it.
        borderThickness = Math.Min(borderThickness, Even(Math.Max(2, Math.Min(rect.Width, rect.Height) / 45)));

        // Label: text height/12 px high, never below MinFontSize (readable in the 5 x 5 grid at
        // 640x360; the name is ellipsized to the tile's width), inside the border, bottom-left.
        var fontSize = Math.Max(MinFontSize, rect.Height / 12);
        var margin = Even(borderThickness + Math.Max(2, fontSize / 3));
        var padX = Math.Max(4, fontSize / 2);
        var padY = Math.Max(2, fontSize / 5);
        var labelBox = default(Placed);
        var labelText = default(Placed);
        var text = AlphaMask.Empty;
        var maxTextWidth = rect.Width - (2 * margin) - (2 * padX);
        if (!string.IsNullOrWhiteSpace(tile.Name) && maxTextWidth >= fontSize)
        {
            text = masks.Text(tile.Name, fontSize, maxTextWidth);
        }

        var boxHeight = Even(text.Height + (2 * padY) + 1);
        if (!text.IsEmpty && boxHeight <= rect.Height - (2 * margin))
        {
            var boxWidth = Even(text.Width + (2 * padX) + 1);
            var box = new PixelRect(rect.X + margin, rect.Y + rect.Height - margin - boxHeight, boxWidth, boxHeight);
            labelBox = new Placed(masks.RoundedRect(boxWidth, boxHeight, Math.Max(2, boxHeight / 4)), box.X, box.Y);
            labelText = new Placed(text, box.X + padX, box.Y + ((boxHeight - text.Height) / 2));
        }

        // Placeholder: a circle of 45 % of the tile's short side, centred, kept clear of the label.
        var centreX = rect.X + (rect.Width / 2);
        var centreY = rect.Y + (rect.Height / 2);
        var diameter = Even(Math.Min(rect.Width, rect.Height) * 45 / 100);
        if (!labelBox.IsEmpty)
        {
            diameter = Math.Min(diameter, Even(2 * (labelBox.Y - centreY - 2)));
        }

        var circle = default(Placed);
        var initials = default(Placed);
        if (diameter >= 8)
        {
            circle = new Placed(masks.Circle(diameter), centreX - (diameter / 2), centreY - (diameter / 2));
            var letters = masks.Text(Initials.Of(tile.Name), Math.Max(8, diameter * 2 / 5), diameter * 4 / 5);
            initials = CentreInk(letters, centreX, centreY);
        }

        return new TileArtwork(rect, borderThickness, labelBox, labelText, circle, initials);
    }

    /// <summary>Draws the placeholder: the circle in the theme's placeholder colour, the initials in its label text colour.</summary>
    public void DrawPlaceholder(I420Image canvas, ThemePalette palette)
    {
        _circle.BlendInto(canvas, palette.Placeholder, _tile, 255);
        _initials.BlendInto(canvas, palette.LabelText, _tile, 255);
    }

    /// <summary>Draws the name label: the box at the theme's label opacity, then the text.</summary>
    public void DrawLabel(I420Image canvas, ThemePalette palette)
    {
        _labelBox.BlendInto(canvas, palette.LabelBackground, _tile, palette.LabelOpacity);
        _labelText.BlendInto(canvas, palette.LabelText, _tile, 255);
    }

    private static int Even(int value) => Math.Max(0, value & ~1);

    /// <summary>Places <paramref name="mask"/> so the middle of its inked pixels falls on the centre.</summary>
    private static Placed CentreInk(AlphaMask mask, int centreX, int centreY)
    {
        if (mask.IsEmpty)
        {
            return default;
        }

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

        return right < 0
            ? default
            : new Placed(mask, centreX - ((left + right + 1) / 2), centreY - ((top + bottom + 1) / 2));
    }

    /// <summary>A mask and where its top-left pixel goes.</summary>
    private readonly record struct Placed(AlphaMask? Mask, int X, int Y)
    {
        public bool IsEmpty => Mask is null || Mask.IsEmpty;

        public PixelRect Rect => IsEmpty ? default : new PixelRect(X, Y, Mask!.Width, Mask.Height);

        public void BlendInto(I420Image canvas, YuvColor color, PixelRect clip, byte opacity)
        {
            if (!IsEmpty)
            {
                canvas.Blend(Mask!, X, Y, color, clip, opacity);
            }
        }
    }
}
