namespace LiveServer.WebRtc.Sessions;

/// <summary>The kind of track a received frame belongs to.</summary>
public enum MediaKind
{
    /// <summary>An audio track (Opus).</summary>
    Audio,

    /// <summary>A video track (VP8 or H.264).</summary>
    Video,
}
