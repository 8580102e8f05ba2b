using LiveServer.Media.Video;

namespace LiveServer.Media.Tests.Video;

public sealed class TextRasterizerTests
{
    private static int Ink(AlphaMask mask)
    {
        var count = 0;
        foreach (var coverage in mask.Pixels)
        {
            count += coverage > 127 ? 1 : 0;
        }

        return count;
    }

    [Fact]
    public void Shared_DejaVuInstalled_LoadsDejaVuSansWithoutFontconfig()
    {
        Assert.True(File.Exists(TextRasterizer.DefaultFontPath), "scripts/setup.sh installs fonts-dejavu-core");

        Assert.False(TextRasterizer.Shared.UsesFallbackFont);
        Assert.Equal("DejaVu Sans", TextRasterizer.Shared.FamilyName);
    }

    [Fact]
    public void Constructor_MissingFontFile_FallsBackToTheDefaultTypeface()
    {
        using var rasterizer = new TextRasterizer("/nonexistent/font.ttf");

        Assert.True(rasterizer.UsesFallbackFont);
        Assert.True(rasterizer.Render("Alice", 20).Width > 0);
    }

    [Fact]
    public void Render_Name_InkedMaskOfTheLineHeight()
    {
        var mask = TextRasterizer.Shared.Render("Alice", 20);

        Assert.InRange(mask.Height, 20, 26);
        Assert.InRange(mask.Width, 40, 70);
        Assert.True(Ink(mask) > 50);
        Assert.Equal(0, mask[0, 0]);
    }

    [Fact]
    public void Render_DifferentTexts_SameHeightAtTheSameSize()
    {
        Assert.Equal(TextRasterizer.Shared.Render("ace", 16).Height, TextRasterizer.Shared.Render("Ågj", 16).Height);
    }

    [Fact]
    public void Render_TextWiderThanMax_EllipsizedWithinMax()
    {
        const string name = "Bartholomew Fitzgerald-Montgomery the Third";
        var full = TextRasterizer.Shared.Render(name, 14);

        var cut = TextRasterizer.Shared.Render(name, 14, 100);

        Assert.True(full.Width > 100);
        Assert.InRange(cut.Width, 60, 102);
        Assert.True(Ink(cut) > 0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Render_Blank_EmptyMask(string text)
    {
        Assert.True(TextRasterizer.Shared.Render(text, 14).IsEmpty);
    }

    [Fact]
    public void Render_MaxTooSmallForAnEllipsis_EmptyMask()
    {
        Assert.True(TextRasterizer.Shared.Render("Alice", 40, 5).IsEmpty);
    }

    [Fact]
    public void Measure_LongerText_Wider()
    {
        Assert.True(TextRasterizer.Shared.Measure("Alice Wonderland", 14) > TextRasterizer.Shared.Measure("Alice", 14));
    }

    // DejaVu Math TeX Gyre has Latin but no Cyrillic; DejaVu Sans has both (fonts-dejavu-core).
    private const string MathFont = "/usr/share/fonts/truetype/dejavu/DejaVuMathTeXGyre.ttf";

    [Fact]
    public void Render_CharacterTheFontLacks_DrawnWithTheFallbackFont()
    {
        using var withFallback = new TextRasterizer(MathFont, [TextRasterizer.DefaultFontPath]);
        using var sansOnly = new TextRasterizer(TextRasterizer.DefaultFontPath, []);
        using var withoutFallback = new TextRasterizer(MathFont, []);

        var fallen = withFallback.Render("Жук", 24);
        var sans = sansOnly.Render("Жук", 24);
        var missing = withoutFallback.Render("Жук", 24);

        Assert.Equal(sans.Width, fallen.Width);
        Assert.Equal(Ink(sans), Ink(fallen));
        Assert.NotEqual(Ink(sans), Ink(missing));
    }

    [Fact]
    public void Render_MixedScripts_OneMaskWiderThanEitherPart()
    {
        using var rasterizer = new TextRasterizer(MathFont, [TextRasterizer.DefaultFontPath]);

        var mixed = rasterizer.Render("Ada Жук", 20);

        Assert.True(mixed.Width > rasterizer.Render("Ada", 20).Width + rasterizer.Render("Жук", 20).Width - 4);
    }

    [Fact]
    public void Render_LoneSurrogate_DoesNotThrow()
    {
        Assert.False(TextRasterizer.Shared.Render("A\ud800B", 14).IsEmpty);
    }

    [Fact]
    public void Render_CharacterNoFontHas_DroppedWhenOtherTextRemains()
    {
        using var rasterizer = new TextRasterizer(MathFont, []);

        Assert.Equal(rasterizer.Render("Ada", 20).Width, rasterizer.Render("Ada Ж", 20).Width);
        Assert.False(rasterizer.Render("Жук", 20).IsEmpty);
    }
}
