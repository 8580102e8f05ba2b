using System.Globalization;
using LiveServer.Media.Video;

namespace LiveServer.Media.Compositing;

/// <summary>
/// The poll card of one <see cref="PollSnapshot"/>, laid out and rendered when the snapshot arrives
/// (off the clock): a semi-transparent rounded box in the theme's label background with a header
/// (<c>LIVE POLL</c>, or <c>FINAL RESULT</c> once closed, and the number of votes), the question on one
/// line, and per option its text, its share in per cent and a bar. Texts that do not fit end with an
/// ellipsis; a card taller than its area is set in smaller type until it fits. Drawing blends the
/// finished masks and fills the bars, in the theme's colours of the frame.
/// </summary>
internal sealed class PollOverlay
{
    /// <summary>How opaque the card's box is: the picture shows through.</summary>
    public const byte CardOpacity = 220;

    /// <summary>Type never gets smaller than this, however many options.</summary>
    private const int MinFontSize = 9;

    private readonly Placed _box;
    private readonly int _band;
    private readonly Placed _header;
    private readonly Placed _votes;
    private readonly Placed _question;
    private readonly Placed[] _options;
    private readonly Placed[] _percents;
    private readonly bool[] _leading;
    private readonly PixelRect[] _tracks;
    private readonly PixelRect[] _bars;

    private PollOverlay(
        PollSnapshot snapshot, PixelRect card, Placed box, Placed header, Placed votes, Placed question, Placed[] options, Placed[] percents, bool[] leading, PixelRect[] tracks, PixelRect[] bars)
    {
        Snapshot = snapshot;
        Card = card;
        _box = box;

        // The box's rounded corners lie in its top and bottom bands; between them it covers every pixel.
        _band = Math.Min(card.Height / 2, (box.Radius + 1) & ~1);
        _header = header;
        _votes = votes;
        _question = question;
        _options = options;
        _percents = percents;
        _leading = leading;
        _tracks = tracks;
        _bars = bars;
    }

    /// <summary>The snapshot shown.</summary>
    public PollSnapshot Snapshot { get; }

    /// <summary>Where the card is: inside the area it was laid out for, at its bottom (or top).</summary>
    public PixelRect Card { get; }

    /// <summary>The question's text as it fits: its mask (for tests of the ellipsis).</summary>
    public AlphaMask Question => _question.Mask ?? AlphaMask.Empty;

    /// <summary>The widest a text line may be inside the card.</summary>
    public int InnerWidth { get; private init; }

    /// <summary>
    /// Lays out <paramref name="snapshot"/> in <paramref name="area"/>, type sized by <paramref name="unit"/>
    /// (the canvas's short side), the card at the area's bottom when <paramref name="atBottom"/>, else its top.
    /// </summary>
    public static PollOverlay Prepare(PollSnapshot snapshot, PixelRect area, int unit, bool atBottom, MaskCache masks)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(masks);
        var scale = 1f;
        for (var attempt = 0; ; attempt++)
        {
            var layout = Layout(snapshot, area, unit, scale, masks);
            if (layout.Height <= area.Height || attempt == 4 || layout.AtMinimum)
            {
                return Build(snapshot, area, atBottom, layout, masks);
            }

            scale *= area.Height / (float)layout.Height * 0.98f;
        }
    }

    /// <summary>Draws the card: box, header, question, then per option its text, share and bar.</summary>
    public void Draw(I420Image canvas, ThemePalette palette)
    {
        // Only the bands with the corners go through the mask; the rest is one translucent fill.
        var top = new PixelRect(Card.X, Card.Y, Card.Width, _band);
        var bottom = new PixelRect(Card.X, Card.Y + Card.Height - _band, Card.Width, _band);
        _box.BlendInto(canvas, palette.LabelBackground, top, CardOpacity);
        _box.BlendInto(canvas, palette.LabelBackground, bottom, CardOpacity);
        TranslucentFill.Fill(canvas, new PixelRect(Card.X, Card.Y + _band, Card.Width, Card.Height - (2 * _band)), palette.LabelBackground, CardOpacity);
        _header.BlendInto(canvas, palette.Accent, Card, 255);
        _votes.BlendInto(canvas, palette.LabelText, Card, 190);
        _question.BlendInto(canvas, palette.LabelText, Card, 255);
        for (var i = 0; i < _options.Length; i++)
        {
            _options[i].BlendInto(canvas, _leading[i] ? palette.Accent : palette.LabelText, Card, 255);
            _percents[i].BlendInto(canvas, palette.LabelText, Card, 255);
            canvas.Fill(_tracks[i], palette.Tile);
            canvas.Fill(_bars[i], palette.Accent);
        }
    }

    private static Metrics Layout(PollSnapshot snapshot, PixelRect area, int unit, float scale, MaskCache masks)
    {
        int Size(int permille, int minimum) => Math.Max(MinFontSize, Math.Max(minimum, (int)(unit * permille / 1000f * scale)));
        int Gap(int permille, int minimum) => Math.Max(minimum, (int)(unit * permille / 1000f * scale));
        var metrics = new Metrics
        {
            Pad = Even(Math.Max(6, unit * 22 / 1000)),
            HeaderSize = Size(24, 9),
            QuestionSize = Size(40, 12),
            OptionSize = Size(30, 10),
            Bar = Even(Gap(12, 2)),
            LineGap = Gap(6, 1),
            RowGap = Gap(14, 2),
        };
        metrics.AtMinimum = metrics.HeaderSize == MinFontSize && metrics.OptionSize == MinFontSize;
        var inner = area.Width - (2 * metrics.Pad);
        metrics.Inner = inner;
        var header = LineHeight(masks.Text("LIVE POLL", metrics.HeaderSize), metrics.HeaderSize);
        var question = LineHeight(masks.Text(snapshot.Question, metrics.QuestionSize, inner), metrics.QuestionSize);
        var option = LineHeight(masks.Text("100%", metrics.OptionSize), metrics.OptionSize);
        var rows = snapshot.Options.Count;
        metrics.Height = Even((2 * metrics.Pad) + header + metrics.LineGap + question + (2 * metrics.LineGap)
            + (rows * (option + metrics.LineGap + metrics.Bar + 1)) + (Math.Max(0, rows - 1) * metrics.RowGap) + 1);
        return metrics;
    }

    private static PollOverlay Build(PollSnapshot snapshot, PixelRect area, bool atBottom, Metrics m, MaskCache masks)
    {
        var height = Math.Min(m.Height, area.Height);
        var card = new PixelRect(area.X, atBottom ? area.Y + area.Height - height : area.Y, area.Width, height);
        var radius = Math.Max(4, m.Pad * 2 / 3);
        var box = new Placed(masks.RoundedRect(card.Width, card.Height, radius), card.X, card.Y) { Radius = radius };
        var x = card.X + m.Pad;
        var right = x + m.Inner;
        var y = card.Y + m.Pad;

        var header = masks.Text(snapshot.IsClosed ? "FINAL RESULT" : "LIVE POLL", m.HeaderSize, m.Inner / 2);
        var votes = masks.Text(snapshot.Total == 1 ? "1 vote" : string.Create(CultureInfo.InvariantCulture, $"{snapshot.Total:N0} votes"), m.HeaderSize, m.Inner / 2);
        var placedHeader = new Placed(header, x, y);
        var placedVotes = new Placed(votes, right - votes.Width, y);
        y += LineHeight(header, m.HeaderSize) + m.LineGap;
        var question = masks.Text(snapshot.Question, m.QuestionSize, m.Inner);
        var placedQuestion = new Placed(question, x, y);
        y += LineHeight(question, m.QuestionSize) + (2 * m.LineGap);

        var count = snapshot.Options.Count;
        var reserve = masks.Text("100%", m.OptionSize).Width + Math.Max(4, m.OptionSize / 2);
        var most = snapshot.Votes.Count == 0 ? 0 : snapshot.Votes.Max();
        var options = new Placed[count];
        var percents = new Placed[count];
        var leading = new bool[count];
        var tracks = new PixelRect[count];
        var bars = new PixelRect[count];
        for (var i = 0; i < count; i++)
        {
            var votesFor = i < snapshot.Votes.Count ? snapshot.Votes[i] : 0;
            var share = snapshot.Total > 0 ? (int)(((votesFor * 100) + (snapshot.Total / 2)) / snapshot.Total) : 0;
            var text = masks.Text(snapshot.Options[i], m.OptionSize, m.Inner - reserve);
            var percent = masks.Text(string.Create(CultureInfo.InvariantCulture, $"{share}%"), m.OptionSize);
            options[i] = new Placed(text, x, y);
            percents[i] = new Placed(percent, right - percent.Width, y);
            leading[i] = snapshot.IsClosed && most > 0 && votesFor == most;
            y += LineHeight(text, m.OptionSize) + m.LineGap;
            y = Even(y + 1);
            // Bars are filled, not blended through the card's clip: keep them inside the card.
            tracks[i] = Within(new PixelRect(x, y, Even(m.Inner), m.Bar), card);
            var filled = snapshot.Total > 0 ? Even((int)(m.Inner * votesFor / snapshot.Total)) : 0;
            bars[i] = Within(new PixelRect(x, y, filled, m.Bar), card);
            y += m.Bar + m.RowGap;
        }

        return new PollOverlay(snapshot, card, box, placedHeader, placedVotes, placedQuestion, options, percents, leading, tracks, bars)
        {
            InnerWidth = m.Inner,
        };
    }

    /// <summary>A text line's height: its mask's (the font's line height), or the font size when nothing could be drawn.</summary>
    private static int LineHeight(AlphaMask mask, int fontSize) => mask.IsEmpty ? fontSize : mask.Height;

    private static int Even(int value) => Math.Max(0, value & ~1);

    private static PixelRect Within(PixelRect rect, PixelRect bounds)
    {
        var left = Math.Max(rect.X, bounds.X);
        var top = Math.Max(rect.Y, bounds.Y);
        var right = Math.Min(rect.X + rect.Width, bounds.X + bounds.Width);
        var bottom = Math.Min(rect.Y + rect.Height, bounds.Y + bounds.Height);
        return right > left && bottom > top ? new PixelRect(left, top, right - left, bottom - top) : default;
    }

    /// <summary>Sizes of one layout attempt.</summary>
    private sealed class Metrics
    {
        public int Pad { get; init; }

        public int HeaderSize { get; init; }

        public int QuestionSize { get; init; }

        public int OptionSize { get; init; }

        public int Bar { get; init; }

        public int LineGap { get; init; }

        public int RowGap { get; init; }

        public int Inner { get; set; }

        public int Height { get; set; }

        public bool AtMinimum { get; set; }
    }

    /// <summary>A mask and where its top-left pixel goes.</summary>
    private readonly record struct Placed(AlphaMask? Mask, int X, int Y)
    {
        /// <summary>The corner radius, for the box.</summary>
        public int Radius { get; init; }

        public void BlendInto(I420Image canvas, YuvColor color, PixelRect clip, byte opacity)
        {
            if (Mask is { IsEmpty: false } mask)
            {
                canvas.Blend(mask, X, Y, color, clip, opacity);
            }
        }
    }
}
