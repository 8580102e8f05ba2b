using LiveServer.Api.Rooms;

namespace LiveServer.Api.Recordings;

/// <summary>The payload of <c>recordingAvailable</c> (webhook <c>recording-available</c>): a recording that can be downloaded.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="Id">The recording.</param>
/// <param name="LivestreamId">The livestream recorded.</param>
/// <param name="Status">Always <c>available</c>.</param>
/// <param name="FileUrl">The MP4.</param>
/// <param name="ThumbnailUrl">The JPEG thumbnail; null for audio-only livestreams.</param>
/// <param name="DurationSec">Length in seconds.</param>
/// <param name="SizeBytes">Size of the MP4.</param>
/// <param name="StartedAt">When the livestream started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="At">When the recording became available.</param>
public sealed record RecordingAvailableMessage(
    string RoomId,
    string Id,
    string LivestreamId,
    string Status,
    string? FileUrl,
    string? ThumbnailUrl,
    double? DurationSec,
    long? SizeBytes,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset At) : RoomEventMessage(RoomId, At)
{
    /// <summary>The message of <paramref name="recording"/> as the API describes it.</summary>
    public static RecordingAvailableMessage From(RecordingResponse recording, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(recording);
        return new RecordingAvailableMessage(
            recording.RoomId, recording.Id, recording.LivestreamId, recording.Status, recording.FileUrl, recording.ThumbnailUrl,
            recording.DurationSec, recording.SizeBytes, recording.StartedAt, recording.EndedAt, at);
    }
}
