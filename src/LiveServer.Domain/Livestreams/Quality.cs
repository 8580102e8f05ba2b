namespace LiveServer.Domain.Livestreams;

/// <summary>Output resolution and bitrate class.</summary>
public enum Quality
{
    /// <summary>640x360, about 0.8 Mbit/s.</summary>
    Low,

    /// <summary>1280x720, about 2.5 Mbit/s.</summary>
    Med,

    /// <summary>1920x1080, about 4.5 Mbit/s.</summary>
    High,
}
