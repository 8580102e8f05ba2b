using LiveServer.Api.Rooms;

namespace LiveServer.Api.Recordings;

/// <summary>The payload of <c>recordingFailed</c> (webhook <c>recording-failed</c>): no MP4 could be made of a livestream.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="Id">The recording.</param>
/// <param name="LivestreamId">The livestream.</param>
/// <param name="Reason">Why.</param>
/// <param name="At">When it was given up.</param>
public sealed record RecordingFailedMessage(string RoomId, string Id, string LivestreamId, string Reason, DateTimeOffset At)
    : RoomEventMessage(RoomId, At);
