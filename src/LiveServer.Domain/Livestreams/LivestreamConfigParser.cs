namespace LiveServer.Domain.Livestreams;

/// <summary>
/// Turns a caller's <see cref="LivestreamConfigInput"/> into a <see cref="LivestreamConfig"/>,
/// filling defaults and naming every invalid field (e.g. <c>config.layout.gridSize</c>). Values are
/// case-insensitive.
/// </summary>
public static class LivestreamConfigParser
{
    /// <summary>Parses the input onto <paramref name="basis"/>; errors map field path to message.</summary>
    public static LivestreamConfigParseResult Parse(LivestreamConfigInput? input, LivestreamConfig? basis = null)
    {
        var config = basis ?? LivestreamConfig.Default;
        if (input is null)
        {
            return new LivestreamConfigParseResult(config, new Dictionary<string, string[]>());
        }

        var errors = new Dictionary<string, string[]>();
        var layout = config.Layout;
        if (input.Layout is { } layoutInput)
        {
            layout = new LayoutConfig(
                Choose(layoutInput.Type, "config.layout.type", layout.Type, LayoutTypes, errors),
                Choose(layoutInput.Priority, "config.layout.priority", layout.Priority, Priorities, errors),
                layoutInput.GridSize ?? layout.GridSize,
                Choose(layoutInput.Fit, "config.layout.fit", layout.Fit, Fits, errors));
            if (layoutInput.GridSize is < 1 or > LayoutConfig.MaxGridSize)
            {
                errors["config.layout.gridSize"] = [$"gridSize must be between 1 and {LayoutConfig.MaxGridSize}."];
            }
        }

        var parsed = new LivestreamConfig(
            layout,
            Choose(input.Theme, "config.theme", config.Theme, Themes, errors),
            Choose(input.Mode, "config.mode", config.Mode, Modes, errors),
            Choose(input.Quality, "config.quality", config.Quality, Qualities, errors),
            Choose(input.Orientation, "config.orientation", config.Orientation, Orientations, errors))
        {
            Recording = input.Recording?.Enabled ?? config.Recording,
            Overlays = Overlays(input.Overlays, config.Overlays, errors),
            TemplateUrl = config.TemplateUrl,
        };
        return new LivestreamConfigParseResult(errors.Count == 0 ? parsed : null, errors);
    }

    /// <summary>The wire name of a layout type.</summary>
    public static string ToWire(LayoutType value) => NameOf(LayoutTypes, value);

    /// <summary>The wire name of a priority.</summary>
    public static string ToWire(LayoutPriority value) => NameOf(Priorities, value);

    /// <summary>The wire name of a tile fit.</summary>
    public static string ToWire(TileFit value) => NameOf(Fits, value);

    /// <summary>The wire name of a theme.</summary>
    public static string ToWire(Theme value) => NameOf(Themes, value);

    /// <summary>The wire name of a mode.</summary>
    public static string ToWire(StreamMode value) => NameOf(Modes, value);

    /// <summary>The wire name of a quality.</summary>
    public static string ToWire(Quality value) => NameOf(Qualities, value);

    /// <summary>The wire name of an orientation.</summary>
    public static string ToWire(Orientation value) => NameOf(Orientations, value);

    private static readonly (string Name, LayoutType Value)[] LayoutTypes =
        [("GRID", LayoutType.Grid), ("SPOTLIGHT", LayoutType.Spotlight), ("SIDEBAR", LayoutType.Sidebar)];

    private static readonly (string Name, LayoutPriority Value)[] Priorities =
        [("SPEAKER", LayoutPriority.Speaker), ("PIN", LayoutPriority.Pin)];

    private static readonly (string Name, TileFit? Value)[] Fits =
        [("cover", TileFit.Cover), ("contain", TileFit.Contain)];

    private static readonly (string Name, Theme Value)[] Themes =
        [("DARK", Theme.Dark), ("LIGHT", Theme.Light), ("DEFAULT", Theme.Default)];

    private static readonly (string Name, StreamMode Value)[] Modes =
        [("video-and-audio", StreamMode.VideoAndAudio), ("audio", StreamMode.Audio)];

    private static readonly (string Name, Quality Value)[] Qualities =
        [("low", Quality.Low), ("med", Quality.Med), ("high", Quality.High)];

    private static readonly (string Name, Orientation Value)[] Orientations =
        [("landscape", Orientation.Landscape), ("portrait", Orientation.Portrait)];

    /// <summary>The overlays with the input's booleans applied; a member that is not an overlay is an error naming it.</summary>
    private static OverlayConfig Overlays(OverlaysConfigInput? input, OverlayConfig fallback, Dictionary<string, string[]> errors)
    {
        if (input is null)
        {
            return fallback;
        }

        foreach (var name in input.Unknown?.Keys ?? [])
        {
            errors[$"config.overlays.{name}"] = [$"'{name}' is not an overlay; the overlays are reactions and poll (booleans)."];
        }

        return new OverlayConfig(input.Reactions ?? fallback.Reactions, input.Poll ?? fallback.Poll);
    }

    private static T Choose<T>(
        string? text,
        string field,
        T fallback,
        (string Name, T Value)[] allowed,
        Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        foreach (var (name, value) in allowed)
        {
            if (string.Equals(name, text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        errors[field] = [$"'{text}' is not one of {string.Join(", ", allowed.Select(a => a.Name))}."];
        return fallback;
    }

    private static string NameOf<T>((string Name, T Value)[] allowed, T value) =>
        allowed.First(a => EqualityComparer<T>.Default.Equals(a.Value, value)).Name;
}
