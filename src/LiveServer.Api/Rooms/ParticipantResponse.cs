using LiveServer.Domain.Participants;

namespace LiveServer.Api.Rooms;

/// <summary>A participant of a room.</summary>
/// <param name="ParticipantId">Its id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Kind"><c>test</c> or <c>webrtc</c>.</param>
/// <param name="JoinedAt">When it joined.</param>
/// <param name="Video">Its video track, if any.</param>
/// <param name="Audio">Its audio track, if any.</param>
/// <param name="Pinned">True when pinned.</param>
/// <param name="Transport">WebRTC transport counters (packets, bytes, lost, nacksSent, plisSent, keyframes, decryptFailures…).</param>
/// <param name="ScreenShare">Its screen-share track, if any.</param>
public sealed record ParticipantResponse(
    string ParticipantId,
    string Name,
    string Kind,
    DateTimeOffset JoinedAt,
    TrackResponse? Video,
    TrackResponse? Audio,
    bool Pinned,
    IReadOnlyDictionary<string, long>? Transport,
    TrackResponse? ScreenShare)
{
    /// <summary>Describes <paramref name="participant"/>.</summary>
    public static ParticipantResponse From(Participant participant, bool pinned) => new(
        participant.Id,
        participant.Name,
        participant.Kind == ParticipantKind.Test ? "test" : "webrtc",
        participant.JoinedAt,
        TrackResponse.From(participant.Video),
        TrackResponse.From(participant.Audio),
        pinned,
        participant.TransportCounters,
        TrackResponse.From(participant.ScreenShare));
}

/// <summary>A participant's track and its counters.</summary>
/// <param name="Codec">e.g. <c>vp8</c>, <c>opus</c>.</param>
/// <param name="Frames">Frames published.</param>
/// <param name="DroppedFrames">Frames dropped for slow consumers.</param>
public sealed record TrackResponse(string Codec, long Frames, long DroppedFrames)
{
    /// <summary>Describes <paramref name="track"/>; null for no track.</summary>
    public static TrackResponse? From(ParticipantTrack? track) => track is null
        ? null
        : new TrackResponse(track.Codec.ToString().ToLowerInvariant(), track.PublishedFrames, track.DroppedFrames);
}
