using LiveServer.Domain.Livestreams;
using LiveServer.Media.Compositing;
using LiveServer.Media.Decoding;
using LiveServer.Media.Layout;
using LiveServer.Media.Tests.TestKit;
using LiveServer.Media.Video;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveServer.Media.Tests.Compositing;

/// <summary>
/// The overlays drawn over a composed frame: the poll card and floating reactions change pixels in
/// their own areas and nowhere else, follow the theme and the orientation, cap their sprites, fit long
/// texts, and cost no allocation per frame.
/// </summary>
public sealed class OverlayLayerTests
{
    private static readonly string[] ReactionTypes = ["heart", "clap", "laugh", "wow", "fire", "thumbsup"];

    private sealed class StillPicture(DecodedPicture picture) : IPictureSource
    {
        public DecodedPicture? Picture { get; } = picture;
    }

    [Theory]
    [InlineData(Quality.Low, Orientation.Landscape, Theme.Dark)]
    [InlineData(Quality.Med, Orientation.Landscape, Theme.Light)]
    [InlineData(Quality.Low, Orientation.Portrait, Theme.Default)]
    [InlineData(Quality.High, Orientation.Portrait, Theme.Light)]
    public void Render_PollOn_ChangesTheCardAndNothingOutsideThePollArea(Quality quality, Orientation orientation, Theme theme)
    {
        var (compositor, format) = NewCompositor(quality, orientation, theme);
        var state = new OverlayState(ReactionTypes);
        using var attached = compositor.Overlays.Attach(state);
        state.ShowPoll(Poll("Which talk should come next?", ["Databases", "Compilers", "Networks"], [3, 5, 1]));
        var without = RenderFrame(compositor, format);

        compositor.Overlays.Enabled = new OverlayConfig(Reactions: false, Poll: true);
        var with = RenderFrame(compositor, format);

        var areas = compositor.Overlays.Areas;
        var card = compositor.Overlays.PollCard;
        Assert.False(card.IsEmpty);
        Assert.True(Inside(card, areas.Poll), $"card {card} outside its area {areas.Poll}");
        Assert.Equal(orientation == Orientation.Landscape, card.Y + card.Height == areas.Poll.Y + areas.Poll.Height);
        var (inside, outside) = Differences(without, with, areas.Poll);
        Assert.Equal(0, outside);
        Assert.True(inside > card.Width * card.Height / 2, $"only {inside} pixels of the {card.Width}x{card.Height} card changed");
    }

    [Theory]
    [InlineData(Orientation.Landscape)]
    [InlineData(Orientation.Portrait)]
    public void Render_Reactions_DrawSpritesOnlyInTheReactionArea(Orientation orientation)
    {
        var (compositor, format) = NewCompositor(Quality.Med, orientation, Theme.Dark);
        var state = new OverlayState(ReactionTypes);
        using var attached = compositor.Overlays.Attach(state);
        var without = RenderFrame(compositor, format);
        compositor.Overlays.Enabled = new OverlayConfig(Reactions: true, Poll: false);

        state.AddReactions(new Dictionary<string, long> { ["heart"] = 6, ["laugh"] = 1, ["fire"] = 2, ["thumbsup"] = 1 });
        I420Image with = default;
        for (var frame = 0; frame < 20; frame++)
        {
            with = RenderFrame(compositor, format);
        }

        var area = compositor.Overlays.Areas.Reactions;
        Assert.Equal(3 + 1 + 2 + 1, compositor.Overlays.LiveSprites);
        var (inside, outside) = Differences(without, with, area);
        Assert.Equal(0, outside);
        Assert.True(inside > 200, $"only {inside} pixels changed in the reaction area {area}");
    }

    [Fact]
    public void Reactions_Storm_AtMostMaxSpritesAlive_AndAllGoneAfterTheirLifetime()
    {
        var (compositor, format) = NewCompositor(Quality.Low, Orientation.Landscape, Theme.Dark);
        var state = new OverlayState(ReactionTypes);
        using var attached = compositor.Overlays.Attach(state);
        compositor.Overlays.Enabled = new OverlayConfig(Reactions: true, Poll: false);
        var canvas = Canvas(format);
        var storm = ReactionTypes.ToDictionary(t => t, _ => 1_000_000L);

        var most = 0;
        for (var frame = 0; frame < 120; frame++)
        {
            if (frame % 8 == 0)
            {
                state.AddReactions(storm);
            }

            compositor.Render(canvas);
            most = Math.Max(most, compositor.Overlays.LiveSprites);
        }

        Assert.Equal(OverlayLayer.MaxSprites, most);
        Assert.True(compositor.Overlays.DroppedSprites > 0);
        for (var frame = 0; frame < (format.Fps * 2) + (format.Fps / 4) + 1; frame++)
        {
            compositor.Render(canvas);
        }

        Assert.Equal(0, compositor.Overlays.LiveSprites);
    }

    [Theory]
    [InlineData(Quality.Low, Orientation.Landscape)]
    [InlineData(Quality.Low, Orientation.Portrait)]
    [InlineData(Quality.High, Orientation.Landscape)]
    public void Render_LongQuestionAndTenLongOptions_TruncatedWithAnEllipsisAndInsideTheArea(Quality quality, Orientation orientation)
    {
        var (compositor, format) = NewCompositor(quality, orientation, Theme.Default);
        var state = new OverlayState(ReactionTypes);
        using var attached = compositor.Overlays.Attach(state);
        var question = string.Concat(Enumerable.Repeat("What should the very long question of this poll say about its options? ", 4)).Trim();
        var options = Enumerable.Range(1, 10).Select(i => $"Option {i}: " + new string('w', 90)).ToArray();
        state.ShowPoll(Poll(question, options, [.. Enumerable.Range(0, 10).Select(i => (long)i)]));
        var without = RenderFrame(compositor, format);
        compositor.Overlays.Enabled = new OverlayConfig(Reactions: false, Poll: true);

        var with = RenderFrame(compositor, format);

        var overlays = compositor.Overlays;
        Assert.True(Inside(overlays.PollCard, overlays.Areas.Poll), $"card {overlays.PollCard} outside {overlays.Areas.Poll}");
        Assert.True(TextRasterizer.Shared.Measure(question, 9) > overlays.PollInnerWidth, "the question should be too long for the card");
        Assert.InRange(overlays.PollQuestion.Width, overlays.PollInnerWidth / 2, overlays.PollInnerWidth);
        Assert.Equal(0, Differences(without, with, overlays.Areas.Poll).Outside);
    }

    [Fact]
    public void Draw_ClosedPoll_FinalResultStaysForFiveSecondsThenGoes()
    {
        var format = new OutputFormat(640, 360, 30, 800, 128);
        var layer = new OverlayLayer(format, 30, new MaskCache(TextRasterizer.Shared)) { Enabled = new OverlayConfig(false, true) };
        var state = new OverlayState(ReactionTypes);
        using var attached = layer.Attach(state);
        var closedAt = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        state.ShowPoll(Poll("Q?", ["a", "b"], [1, 2]) with { ClosedAt = closedAt });
        var palette = ThemePalette.For(Theme.Dark);
        var blank = Canvas(format);

        var soon = Canvas(format);
        layer.Draw(soon, palette, closedAt + TimeSpan.FromSeconds(4.9));
        var later = Canvas(format);
        layer.Draw(later, palette, closedAt + OverlayLayer.PollLinger);

        Assert.True(Differences(blank, soon, layer.Areas.Poll).Inside > 0);
        Assert.Equal(blank.Buffer, later.Buffer);
    }

    [Fact]
    public void Render_PollCardInEachTheme_UsesTheThemesLabelBackground()
    {
        int CardLuma(Theme theme)
        {
            var (compositor, format) = NewCompositor(Quality.Low, Orientation.Landscape, theme);
            var state = new OverlayState(ReactionTypes);
            using var attached = compositor.Overlays.Attach(state);
            state.ShowPoll(Poll("Q?", ["a", "b"], [1, 1]));
            compositor.Overlays.Enabled = new OverlayConfig(false, true);
            var frame = RenderFrame(compositor, format);
            var card = compositor.Overlays.PollCard;
            return Pictures.At(frame, card.X + 3, card.Y + (card.Height / 2)).Y;
        }

        Assert.True(CardLuma(Theme.Light) > CardLuma(Theme.Dark) + 100, $"light {CardLuma(Theme.Light)}, dark {CardLuma(Theme.Dark)}");
    }

    [Fact]
    public void ShowPoll_OlderSnapshots_AreIgnored()
    {
        var state = new OverlayState(ReactionTypes);
        var opened = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var first = Poll("Q?", ["a", "b"], [2, 1]) with { OpenedAt = opened };
        Assert.True(state.ShowPoll(first));

        Assert.False(state.ShowPoll(first with { Votes = [1, 1], Total = 2 }));
        var closed = first with { ClosedAt = opened.AddMinutes(1) };
        Assert.True(state.ShowPoll(closed));
        Assert.False(state.ShowPoll(first with { Votes = [3, 1], Total = 4 }));
        var newer = Poll("Next?", ["x", "y"], [0, 0]) with { PollId = "poll_2", OpenedAt = opened.AddMinutes(2) };
        Assert.True(state.ShowPoll(newer));
        Assert.False(state.ShowPoll(Poll("Old?", ["x", "y"], [5, 0]) with { PollId = "poll_0", OpenedAt = opened }));
        Assert.Same(newer, state.Poll);
    }

    [Fact]
    public void RenderWithBothOverlays_AllocatesNothingPerFrame()
    {
        var (compositor, format) = NewCompositor(Quality.Med, Orientation.Landscape, Theme.Dark);
        var state = new OverlayState(ReactionTypes);
        using var attached = compositor.Overlays.Attach(state);
        state.ShowPoll(Poll("Which?", ["one", "two", "three"], [4, 2, 1]));
        compositor.Overlays.Enabled = new OverlayConfig(true, true);
        var canvas = Canvas(format);
        state.AddReactions(ReactionTypes.ToDictionary(t => t, _ => 100L));
        for (var frame = 0; frame < 20; frame++)
        {
            compositor.Render(canvas);
        }

        // Sprites are alive and drawn through the measured frames; pushes happen before, off this thread's count.
        const int frames = 30;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var frame = 0; frame < frames; frame++)
        {
            compositor.Render(canvas);
        }

        var perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)frames;
        Assert.True(compositor.Overlays.LiveSprites > 0);
        Assert.True(perFrame < 8, $"{perFrame:0.0} bytes allocated per frame");
    }

    private static PollSnapshot Poll(string question, string[] options, long[] votes) =>
        new("poll_1", question, options, votes, votes.Sum(), DateTimeOffset.UnixEpoch, null);

    private static (Compositor Compositor, OutputFormat Format) NewCompositor(Quality quality, Orientation orientation, Theme theme)
    {
        var config = LivestreamConfig.Default with { Quality = quality, Orientation = orientation, Theme = theme };
        var format = config.ToOutputFormat();
        var compositor = new Compositor(format, audioOnly: false, TimeProvider.System, NullLogger.Instance);
        var tiles = LayoutEngine.Arrange(config.Layout, format.Width, format.Height, 2);
        compositor.SetScene(new CompositorScene(
            [
                new SceneTile(tiles[0], new StillPicture(Solid(320, 180, 200, 40, 40)), "Ada Lovelace"),
                new SceneTile(tiles[1], new StillPicture(Solid(320, 180, 40, 60, 200)), "Grace Hopper", Speaking: true),
            ],
            ThemePalette.For(theme),
            []));
        return (compositor, format);
    }

    private static I420Image Canvas(OutputFormat format) =>
        new(new byte[I420Image.SizeOf(format.Width, format.Height)], format.Width, format.Height);

    private static I420Image RenderFrame(Compositor compositor, OutputFormat format)
    {
        var canvas = Canvas(format);
        compositor.Render(canvas);
        return canvas;
    }

    /// <summary>Pixels (luma, or the chroma of their block) that differ inside and outside <paramref name="area"/>.</summary>
    private static (int Inside, int Outside) Differences(I420Image a, I420Image b, PixelRect area)
    {
        int inside = 0, outside = 0;
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                if (Pictures.At(a, x, y) != Pictures.At(b, x, y))
                {
                    if (Pictures.Contains(area, x, y))
                    {
                        inside++;
                    }
                    else
                    {
                        outside++;
                    }
                }
            }
        }

        return (inside, outside);
    }

    private static bool Inside(PixelRect inner, PixelRect outer) =>
        inner.X >= outer.X && inner.Y >= outer.Y && inner.X + inner.Width <= outer.X + outer.Width && inner.Y + inner.Height <= outer.Y + outer.Height;

    private static DecodedPicture Solid(int width, int height, byte r, byte g, byte b)
    {
        var picture = new DecodedPicture(width, height);
        Pictures.Solid(width, height, YuvColor.FromRgb(r, g, b)).Buffer.CopyTo(picture.BackBuffer.Span);
        picture.Publish();
        return picture;
    }
}
