namespace LiveServer.Domain.Participants;

/// <summary>What a participant track carries.</summary>
public enum TrackKind
{
    /// <summary>Microphone or other audio.</summary>
    Audio,

    /// <summary>Camera video.</summary>
    Video,
}
