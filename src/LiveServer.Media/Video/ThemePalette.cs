using LiveServer.Domain.Livestreams;

namespace LiveServer.Media.Video;

/// <summary>
/// The colours of a theme. Each theme keeps a luma difference of at least 100 (of 219) between label
/// text and label box, and between initials and placeholder, so names stay readable at 640x360.
/// </summary>
/// <param name="Background">Canvas background.</param>
/// <param name="Tile">Tile fill behind letterboxed pictures and placeholders.</param>
/// <param name="Accent">Marks the speaking participant (the border of its tile).</param>
/// <param name="LabelBackground">The box behind a participant's name, drawn at <see cref="LabelOpacity"/>.</param>
/// <param name="LabelText">A participant's name, and the initials on its placeholder.</param>
/// <param name="Placeholder">The circle that stands in for a participant without a picture.</param>
public sealed record ThemePalette(
    YuvColor Background, YuvColor Tile, YuvColor Accent, YuvColor LabelBackground, YuvColor LabelText, YuvColor Placeholder)
{
    /// <summary>How opaque the label box is (0..255): the picture shows through a little.</summary>
    public byte LabelOpacity { get; init; } = 216;

    /// <summary>The palette of <paramref name="theme"/>.</summary>
    public static ThemePalette For(Theme theme) => theme switch
    {
        Theme.Dark => Dark,
        Theme.Light => Light,
        _ => Default,
    };

    // Near-black with a green accent; placeholders a deep shade of the accent.
    private static readonly ThemePalette Dark = new(
        Background: YuvColor.FromRgb(0x11, 0x13, 0x18),
        Tile: YuvColor.FromRgb(0x23, 0x27, 0x2f),
        Accent: YuvColor.FromRgb(0x4a, 0xde, 0x80),
        LabelBackground: YuvColor.FromRgb(0x0b, 0x0d, 0x11),
        LabelText: YuvColor.FromRgb(0xf3, 0xf4, 0xf6),
        Placeholder: YuvColor.FromRgb(0x2f, 0x85, 0x5a));

    // Pale grey with a blue accent; white labels with dark text, placeholders a light tint of the accent.
    private static readonly ThemePalette Light = new(
        Background: YuvColor.FromRgb(0xee, 0xf1, 0xf5),
        Tile: YuvColor.FromRgb(0xc9, 0xd1, 0xdc),
        Accent: YuvColor.FromRgb(0x25, 0x63, 0xeb),
        LabelBackground: YuvColor.FromRgb(0xff, 0xff, 0xff),
        LabelText: YuvColor.FromRgb(0x11, 0x18, 0x27),
        Placeholder: YuvColor.FromRgb(0x8f, 0xb3, 0xf7));

    // Navy with an amber accent; placeholders a deep amber.
    private static readonly ThemePalette Default = new(
        Background: YuvColor.FromRgb(0x1b, 0x1f, 0x3a),
        Tile: YuvColor.FromRgb(0x2e, 0x33, 0x5a),
        Accent: YuvColor.FromRgb(0xf5, 0xa6, 0x23),
        LabelBackground: YuvColor.FromRgb(0x0d, 0x10, 0x24),
        LabelText: YuvColor.FromRgb(0xff, 0xff, 0xff),
        Placeholder: YuvColor.FromRgb(0xa8, 0x6a, 0x12));
}
