using System.Globalization;
using System.Text;
using SkiaSharp;

namespace LiveServer.Media.Video;

/// <summary>
/// Renders a line of text into an <see cref="AlphaMask"/> with SkiaSharp (anti-aliased, greyscale
/// coverage). This is slow work for the clock, so it is done when a scene changes and the result kept
/// in a <see cref="MaskCache"/>; the compositor's ticks only blend finished masks.
/// </summary>
/// <remarks>
/// The font is DejaVu Sans from its Debian path (package <c>fonts-dejavu-core</c>), read directly
/// from the file, so no fontconfig is needed; when the file is missing Skia's default typeface is
/// used. A character the font lacks (CJK, for one) is drawn with the first fallback font that has
/// it: by default every font family Skia finds (without fontconfig: the fonts under
/// <c>/usr/share/fonts</c>; install e.g. <c>fonts-wqy-microhei</c> for Chinese names). A character
/// no font has is left out, unless nothing else is left, when it comes out as a box.
/// Thread-safe: typefaces are immutable and every call makes its own fonts and bitmap.
/// </remarks>
public sealed class TextRasterizer : IDisposable
{
    /// <summary>Where Debian and Ubuntu install DejaVu Sans.</summary>
    public const string DefaultFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    private const string Ellipsis = "\u2026";
    private static readonly Lazy<TextRasterizer> SharedInstance = new(() => new TextRasterizer(DefaultFontPath));
    private readonly SKTypeface _typeface;
    private readonly Lazy<SKTypeface[]> _fallbacks;

    /// <summary>
    /// Loads the font at <paramref name="fontPath"/>, or Skia's default typeface when it cannot be
    /// read. Characters it lacks come from <paramref name="fallbackFontPaths"/>, in order; null: from
    /// every installed font family (looked up on the first such character).
    /// </summary>
    public TextRasterizer(string fontPath, IReadOnlyList<string>? fallbackFontPaths = null)
    {
        var typeface = File.Exists(fontPath) ? SKTypeface.FromFile(fontPath) : null;
        UsesFallbackFont = typeface is null;
        _typeface = typeface ?? SKTypeface.Default;
        FamilyName = _typeface.FamilyName;
        _fallbacks = new(() => fallbackFontPaths is null ? InstalledFamilies(FamilyName) : FromFiles(fallbackFontPaths));
    }

    /// <summary>One rasterizer with <see cref="DefaultFontPath"/> for the whole process, loaded on first use.</summary>
    public static TextRasterizer Shared => SharedInstance.Value;

    /// <summary>True when the font file could not be read and Skia's default typeface is used instead.</summary>
    public bool UsesFallbackFont { get; }

    /// <summary>The family of the typeface in use.</summary>
    public string FamilyName { get; }

    /// <summary>
    /// Renders <paramref name="text"/> at <paramref name="fontSize"/> pixels (the em size; the mask is
    /// the font's line height tall, the same for every text of that size, with the baseline at the
    /// font's ascent). A text wider than <paramref name="maxWidth"/> is cut at a character boundary
    /// and ends with an ellipsis; when not even that fits, or the text is empty, the mask is empty.
    /// </summary>
    public AlphaMask Render(string text, int fontSize, int maxWidth = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(fontSize, 1);
        using var font = NewFont(_typeface, fontSize);
        var fitted = Fit(font, Drawable(WellFormed(text)).Trim(), maxWidth);
        if (fitted.Length == 0)
        {
            return AlphaMask.Empty;
        }

        var runs = Runs(fitted);
        var fonts = new Dictionary<SKTypeface, SKFont> { [_typeface] = font };
        try
        {
            // Extent of the ink and advances of all runs, from the pen's start.
            var pen = 0f;
            var left = 0f;
            var right = 0f;
            foreach (var (typeface, run) in runs)
            {
                var runFont = FontFor(fonts, typeface, fontSize);
                var advance = runFont.MeasureText(run, out var bounds);
                left = MathF.Min(left, pen + bounds.Left);
                right = MathF.Max(right, pen + MathF.Max(advance, bounds.Right));
                pen += advance;
            }

            var origin = -MathF.Floor(left);
            var width = (int)MathF.Ceiling(right + origin);
            var ascent = MathF.Ceiling(-font.Metrics.Ascent);
            var height = (int)(ascent + MathF.Ceiling(font.Metrics.Descent));
            if (width <= 0 || height <= 0)
            {
                return AlphaMask.Empty;
            }

            using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Alpha8, SKAlphaType.Premul));
            using (var canvas = new SKCanvas(bitmap))
            using (var paint = new SKPaint { Color = SKColors.White, IsAntialias = true })
            {
                canvas.Clear(SKColors.Transparent);
                pen = origin;
                foreach (var (typeface, run) in runs)
                {
                    var runFont = fonts[typeface];
                    canvas.DrawText(run, pen, ascent, runFont, paint);
                    pen += runFont.MeasureText(run);
                }
            }

            return CopyOut(bitmap, width, height);
        }
        finally
        {
            foreach (var (typeface, runFont) in fonts)
            {
                if (typeface != _typeface)
                {
                    runFont.Dispose();
                }
            }
        }
    }

    /// <summary>The width <paramref name="text"/> takes at <paramref name="fontSize"/> pixels (its advance).</summary>
    public float Measure(string text, int fontSize)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var font = NewFont(_typeface, fontSize);
        return Advance(font, WellFormed(text));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Skia's default typeface is shared by the process; only a typeface read from a file is ours.
        if (!UsesFallbackFont)
        {
            _typeface.Dispose();
        }

        if (_fallbacks.IsValueCreated)
        {
            foreach (var fallback in _fallbacks.Value)
            {
                fallback.Dispose();
            }
        }
    }

    private static SKFont NewFont(SKTypeface typeface, int fontSize) => new(typeface, fontSize)
    {
        Edging = SKFontEdging.Antialias,
        Hinting = SKFontHinting.Slight,
        Subpixel = true,
    };

    /// <summary>The text, or its longest prefix (whole grapheme clusters) plus an ellipsis that fits.</summary>
    private string Fit(SKFont font, string text, int maxWidth)
    {
        if (text.Length == 0 || Advance(font, text) <= maxWidth)
        {
            return text;
        }

        var room = maxWidth - font.MeasureText(Ellipsis);
        if (room < 0)
        {
            return string.Empty;
        }

        // Grapheme boundaries, so a cut never splits a surrogate pair or a base from its accents.
        var boundaries = new List<int>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            boundaries.Add(enumerator.ElementIndex);
        }

        // Binary search for the most clusters whose prefix fits.
        int low = 0, high = boundaries.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Advance(font, text[..boundaries[middle]]) <= room)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        var prefix = text[..boundaries[low]].TrimEnd();
        return prefix.Length == 0 ? string.Empty : prefix + Ellipsis;
    }

    /// <summary>The width of <paramref name="text"/> drawn in runs of the primary and fallback fonts.</summary>
    private float Advance(SKFont font, string text)
    {
        var fonts = new Dictionary<SKTypeface, SKFont> { [_typeface] = font };
        try
        {
            var advance = 0f;
            foreach (var (typeface, run) in Runs(text))
            {
                advance += FontFor(fonts, typeface, (int)font.Size).MeasureText(run);
            }

            return advance;
        }
        finally
        {
            foreach (var (typeface, runFont) in fonts)
            {
                if (typeface != _typeface)
                {
                    runFont.Dispose();
                }
            }
        }
    }

    private static SKFont FontFor(Dictionary<SKTypeface, SKFont> fonts, SKTypeface typeface, int fontSize)
    {
        if (!fonts.TryGetValue(typeface, out var font))
        {
            font = NewFont(typeface, fontSize);
            fonts[typeface] = font;
        }

        return font;
    }

    /// <summary>
    /// Splits <paramref name="text"/> into runs of one typeface each: whole grapheme clusters, each in
    /// the primary font when it has the cluster's first character, else in the first fallback that has it.
    /// </summary>
    private List<(SKTypeface Typeface, string Text)> Runs(string text)
    {
        var runs = new List<(SKTypeface Typeface, string Text)>();
        var runStart = 0;
        SKTypeface? current = null;
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var index = enumerator.ElementIndex;
            var typeface = TypefaceFor(text, index);
            if (current is not null && typeface != current)
            {
                runs.Add((current, text[runStart..index]));
                runStart = index;
            }

            current = typeface;
        }

        if (current is not null)
        {
            runs.Add((current, text[runStart..]));
        }

        return runs;
    }

    private SKTypeface TypefaceFor(string text, int index)
    {
        // A lone surrogate decodes as U+FFFD, which the primary font draws.
        Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out _);
        var codePoint = rune.Value;
        if (Rune.IsWhiteSpace(rune) || _typeface.ContainsGlyph(codePoint))
        {
            return _typeface;
        }

        foreach (var fallback in _fallbacks.Value)
        {
            if (fallback.ContainsGlyph(codePoint))
            {
                return fallback;
            }
        }

        return _typeface;
    }

    /// <summary>Every installed font family but <paramref name="primaryFamily"/>, as Skia's font manager finds them.</summary>
    private static SKTypeface[] InstalledFamilies(string primaryFamily)
    {
        var manager = SKFontManager.Default;
        var typefaces = new List<SKTypeface>();
        for (var i = 0; i < manager.FontFamilyCount; i++)
        {
            var family = manager.GetFamilyName(i);
            if (family != primaryFamily && manager.MatchFamily(family) is { } typeface)
            {
                typefaces.Add(typeface);
            }
        }

        return [.. typefaces];
    }

    private static SKTypeface[] FromFiles(IReadOnlyList<string> paths) =>
        [.. paths.Where(File.Exists).Select(SKTypeface.FromFile).OfType<SKTypeface>()];

    /// <summary>
    /// The text without the grapheme clusters no font has (an emoji without an emoji font would be a
    /// box), unless that leaves nothing to show.
    /// </summary>
    private string Drawable(string text)
    {
        var builder = new StringBuilder(text.Length);
        var dropped = false;
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var index = enumerator.ElementIndex;
            if (HasGlyph(TypefaceFor(text, index), text, index))
            {
                builder.Append(enumerator.GetTextElement());
            }
            else
            {
                dropped = true;
            }
        }

        if (!dropped)
        {
            return text;
        }

        var drawable = builder.ToString();
        return string.IsNullOrWhiteSpace(drawable) ? text : drawable;
    }

    private static bool HasGlyph(SKTypeface typeface, string text, int index)
    {
        Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out _);
        return Rune.IsWhiteSpace(rune) || typeface.ContainsGlyph(rune.Value);
    }

    /// <summary>The text with any lone surrogate replaced by U+FFFD (Skia drops a whole string that has one).</summary>
    private static string WellFormed(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\ud800', '\udfff'))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }

    private static AlphaMask CopyOut(SKBitmap bitmap, int width, int height)
    {
        var pixels = new byte[width * height];
        var source = bitmap.GetPixelSpan();
        var stride = bitmap.RowBytes;
        for (var y = 0; y < height; y++)
        {
            source.Slice(y * stride, width).CopyTo(pixels.AsSpan(y * width, width));
        }

        return new AlphaMask(width, height, pixels);
    }
}
