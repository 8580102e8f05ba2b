namespace LiveServer.Domain.Livestreams;

/// <summary>What the livestream carries.</summary>
public enum StreamMode
{
    /// <summary>Composited video and mixed audio (<c>video-and-audio</c>).</summary>
    VideoAndAudio,

    /// <summary>Mixed audio only (<c>audio</c>).</summary>
    Audio,
}
