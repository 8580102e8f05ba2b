using LiveServer.Domain.Livestreams;

namespace LiveServer.Media.Video;

/// <summary>The colours of a theme.</summary>
/// <param name="Background">Canvas background.</param>
/// <param name="Tile">Tile fill behind letterboxed pictures and placeholders.</param>
/// <param name="Accent">Marks the speaking participant.</param>
public sealed record ThemePalette(YuvColor Background, YuvColor Tile, YuvColor Accent)
{
    /// <summary>The palette of <paramref name="theme"/>.</summary>
    public static ThemePalette For(Theme theme) => theme switch
    {
        Theme.Dark => Dark,
        Theme.Light => Light,
        _ => Default,
    };

    private static readonly ThemePalette Dark = new(
        YuvColor.FromRgb(0x11, 0x13, 0x18), YuvColor.FromRgb(0x23, 0x27, 0x2f), YuvColor.FromRgb(0x4a, 0xde, 0x80));

    private static readonly ThemePalette Light = new(
        YuvColor.FromRgb(0xee, 0xf1, 0xf5), YuvColor.FromRgb(0xc9, 0xd1, 0xdc), YuvColor.FromRgb(0x25, 0x63, 0xeb));

    private static readonly ThemePalette Default = new(
        YuvColor.FromRgb(0x1b, 0x1f, 0x3a), YuvColor.FromRgb(0x2e, 0x33, 0x5a), YuvColor.FromRgb(0xf5, 0xa6, 0x23));
}
