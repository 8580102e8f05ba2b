namespace LiveServer.Domain.Livestreams;

/// <summary>Who gets the visible tiles first.</summary>
public enum LayoutPriority
{
    /// <summary>Most recent active speakers first.</summary>
    Speaker,

    /// <summary>Pinned participants first, in pin order, then speakers.</summary>
    Pin,
}
