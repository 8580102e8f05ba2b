using LiveServer.Domain.Livestreams;
using LiveServer.Media.Compositing;
using LiveServer.Media.Templates;
using LiveServer.Media.Tests.TestKit;
using LiveServer.Media.Video;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveServer.Media.Tests.Compositing;

/// <summary>A template page is drawn over the tiles with its alpha; until it has an image only the background is drawn.</summary>
public sealed class CompositorPageTests
{
    private static readonly OutputFormat Format = new(640, 360, 30, 800, 128);
    private static readonly YuvColor Red = YuvColor.FromRgb(255, 0, 0);
    private static readonly PixelRect Tile = new(100, 100, 200, 120);

    [Fact]
    public void Render_Page_OpaquePixelsOverTheTileTransparentOnesShowIt()
    {
        // The page: opaque green on its top 40 rows (over the tile's top edge), transparent below.
        var rgba = new byte[Format.Width * Format.Height * 4];
        for (var y = 0; y < 140; y++)
        {
            for (var x = 0; x < Format.Width; x++)
            {
                var i = ((y * Format.Width) + x) * 4;
                rgba[i + 1] = 200;
                rgba[i + 3] = 255;
            }
        }

        var page = TemplateImage.FromRgba(rgba, Format.Width, Format.Height, premultiplied: true);
        var canvas = Render(() => page);

        Assert.Equal(YuvColor.FromRgb(0, 200, 0), Pictures.At(canvas, 150, 120));
        Assert.Equal(Red, Pictures.At(canvas, 150, 180));
        Assert.Equal(ThemePalette.For(Theme.Dark).Background, Pictures.At(canvas, 20, 300));
    }

    [Fact]
    public void Render_PageWithoutAnImageYet_OnlyTheBackground()
    {
        var canvas = Render(() => null);

        Assert.Equal(ThemePalette.For(Theme.Dark).Background, Pictures.At(canvas, 150, 180));
    }

    private static I420Image Render(Func<TemplateImage?> page)
    {
        var compositor = new Compositor(Format, audioOnly: false, TimeProvider.System, NullLogger.Instance);
        compositor.SetScene(new CompositorScene([new SceneTile(Tile, StillPicture.Solid(200, 120, Red))], ThemePalette.For(Theme.Dark), []) { Page = page });
        var canvas = Pictures.Solid(Format.Width, Format.Height, new YuvColor(0, 0, 0));
        compositor.Render(canvas);
        return canvas;
    }
}
