namespace LiveServer.Api.Recordings;

/// <summary>What making a recording's files came to.</summary>
/// <param name="Error">Why no MP4 was made; null when it was.</param>
/// <param name="Duration">Length of the MP4.</param>
/// <param name="SizeBytes">Size of the MP4.</param>
/// <param name="HasThumbnail">True when the JPEG was made too.</param>
public sealed record RecordingOutcome(string? Error, TimeSpan Duration, long SizeBytes, bool HasThumbnail)
{
    /// <summary>True when the MP4 exists.</summary>
    public bool IsAvailable => Error is null;

    /// <summary>No MP4, for <paramref name="reason"/>.</summary>
    public static RecordingOutcome Failed(string reason) => new(reason, TimeSpan.Zero, 0, false);
}
