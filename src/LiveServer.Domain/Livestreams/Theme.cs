namespace LiveServer.Domain.Livestreams;

/// <summary>The palette of the composited picture.</summary>
public enum Theme
{
    /// <summary>Dark background, light labels.</summary>
    Dark,

    /// <summary>Light background, dark labels.</summary>
    Light,

    /// <summary>The product's default palette.</summary>
    Default,
}
