namespace LiveServer.Domain.Livestreams;

/// <summary>How the compositor arranges participants.</summary>
public enum LayoutType
{
    /// <summary>Equal tiles.</summary>
    Grid,

    /// <summary>One participant fills the canvas.</summary>
    Spotlight,

    /// <summary>One large participant and a strip of the next ones.</summary>
    Sidebar,
}
