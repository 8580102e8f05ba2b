using LiveServer.Api.Rooms;
using LiveServer.Domain.Livestreams;

namespace LiveServer.Api.Livestreams;

/// <summary>The payload of <c>hlsStateChanged</c>.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="Id">The livestream.</param>
/// <param name="Status">The new status, e.g. <c>HLS_PLAYABLE</c>.</param>
/// <param name="PlaybackHlsUrl">The DVR playlist, from HLS_PLAYABLE on.</param>
/// <param name="LivestreamUrl">The live playlist, from HLS_PLAYABLE on.</param>
/// <param name="Reason">Why it failed, with HLS_FAILED.</param>
/// <param name="At">When the status changed.</param>
public sealed record HlsStateChangedMessage(
    string RoomId,
    string Id,
    LivestreamStatus Status,
    string? PlaybackHlsUrl,
    string? LivestreamUrl,
    string? Reason,
    DateTimeOffset At) : RoomEventMessage(RoomId, At);
