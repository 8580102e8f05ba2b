using LiveServer.Api.Interactive;
using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Participants;

namespace LiveServer.Api.Rooms;

/// <summary>
/// What <c>JoinRoom</c> answers: the room as it is at the moment of joining, so a client draws it at
/// once and then applies the events whose <c>seq</c> is above <see cref="Seq"/>.
/// </summary>
/// <param name="RoomId">The room joined.</param>
/// <param name="Seq">The room's newest event number at the time of joining.</param>
/// <param name="Participants">The hosts in the room, in join order.</param>
/// <param name="Livestream">The running livestream, with its URLs once it plays; null when none runs.</param>
/// <param name="ViewerCount">Distinct clients watching (hub or player).</param>
/// <param name="Chat">The last persisted messages of topic <c>CHAT</c> (at most 50), oldest first.</param>
/// <param name="Polls">The open polls with their options and counts (as <c>GET /v2/rooms/{roomId}/polls/{pollId}</c> answers them), newest first.</param>
/// <param name="StageRequests">The raised hands (each its <c>stageRequested</c> event), oldest first.</param>
public sealed record JoinRoomResult(
    string RoomId,
    long Seq,
    IReadOnlyList<SnapshotParticipant> Participants,
    SnapshotLivestream? Livestream,
    int ViewerCount,
    IReadOnlyList<PubsubMessage> Chat,
    IReadOnlyList<PollView> Polls,
    IReadOnlyList<StageEventMessage> StageRequests)
{
    /// <summary>How many chat messages the snapshot carries at most.</summary>
    public const int ChatMessages = 50;
}

/// <summary>A host in the <c>JoinRoom</c> snapshot.</summary>
/// <param name="ParticipantId">Its id.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Kind"><c>webrtc</c> or <c>test</c>.</param>
/// <param name="JoinedAt">When it joined.</param>
public sealed record SnapshotParticipant(string ParticipantId, string Name, string Kind, DateTimeOffset JoinedAt)
{
    /// <summary>The snapshot entry of <paramref name="participant"/>.</summary>
    public static SnapshotParticipant From(Participant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        return new(participant.Id, participant.Name, participant.Kind.ToString().ToLowerInvariant(), participant.JoinedAt);
    }
}

/// <summary>The running livestream in the <c>JoinRoom</c> snapshot.</summary>
/// <param name="Id">The livestream.</param>
/// <param name="Status">e.g. <c>HLS_PLAYABLE</c>.</param>
/// <param name="PlaybackHlsUrl">The DVR playlist, once playable (signed when playback needs it).</param>
/// <param name="LivestreamUrl">The live playlist, once playable.</param>
public sealed record SnapshotLivestream(string Id, LivestreamStatus Status, string? PlaybackHlsUrl, string? LivestreamUrl);
