namespace LiveServer.Api.Recordings;

/// <summary>The wire names of a recording's status, as stored and as the API shows them.</summary>
public static class RecordingStatus
{
    /// <summary>The livestream ended; the MP4 is being made.</summary>
    public const string Processing = "processing";

    /// <summary>The MP4 (and, with video, the thumbnail) can be downloaded.</summary>
    public const string Available = "available";

    /// <summary>No MP4 could be made; the recording's reason says why.</summary>
    public const string Failed = "failed";
}
