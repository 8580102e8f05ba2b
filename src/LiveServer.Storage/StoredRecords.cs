namespace LiveServer.Storage;

/// <summary>A room as stored.</summary>
/// <param name="Id">The room's id.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="LastSeq">The sequence number of its newest event (0: none yet).</param>
public sealed record StoredRoom(string Id, DateTimeOffset CreatedAt, long LastSeq);

/// <summary>One stay of a participant in a room.</summary>
/// <param name="Id">Unique id of the stay.</param>
/// <param name="RoomId">The room.</param>
/// <param name="ParticipantId">The participant's id (the same id may come back later).</param>
/// <param name="Name">Display name.</param>
/// <param name="Kind">How it publishes: <c>webrtc</c> or <c>test</c>.</param>
/// <param name="JoinedAt">When it joined.</param>
/// <param name="LeftAt">When it left; null while it is in the room (or when the server stopped unexpectedly).</param>
public sealed record StoredParticipantSession(
    string Id, string RoomId, string ParticipantId, string Name, string Kind, DateTimeOffset JoinedAt, DateTimeOffset? LeftAt);

/// <summary>A livestream as stored: its config as JSON, its state and counters.</summary>
/// <param name="Id">The livestream's id.</param>
/// <param name="RoomId">The room.</param>
/// <param name="ConfigJson">The validated config, serialized by the caller.</param>
/// <param name="Status">Wire name of the status, e.g. <c>HLS_PLAYABLE</c>.</param>
/// <param name="StartedAt">When the start was requested.</param>
/// <param name="EndedAt">When it reached a final state.</param>
/// <param name="FailureReason">Why it failed.</param>
/// <param name="StatsJson">The pipeline's counters, serialized by the caller.</param>
/// <param name="WebhookUrl">The caller's webhook target, if any.</param>
/// <param name="BaseUrl">The base URL its playlists were announced with.</param>
/// <param name="RecordingEnabled">Whether an MP4 is made when it ends.</param>
/// <param name="FilesDeleted">True once retention removed its folder.</param>
public sealed record StoredLivestream(
    string Id,
    string RoomId,
    string ConfigJson,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? FailureReason,
    string? StatsJson,
    string? WebhookUrl,
    string BaseUrl,
    bool RecordingEnabled,
    bool FilesDeleted);

/// <summary>One status change of a livestream.</summary>
/// <param name="LivestreamId">The livestream.</param>
/// <param name="Status">Wire name of the new status.</param>
/// <param name="At">When it changed.</param>
/// <param name="Reason">The failure reason, with HLS_FAILED.</param>
public sealed record StoredStatusChange(string LivestreamId, string Status, DateTimeOffset At, string? Reason);

/// <summary>A room event, numbered per room.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="Seq">Its number in the room, from 1, without gaps.</param>
/// <param name="Type">The SignalR method it was pushed as, e.g. <c>participantJoined</c>.</param>
/// <param name="At">When it happened.</param>
/// <param name="DataJson">The pushed message, as JSON.</param>
public sealed record StoredRoomEvent(string RoomId, long Seq, string Type, DateTimeOffset At, string DataJson);

/// <summary>An MP4 recording of a livestream.</summary>
/// <param name="Id">The recording's id.</param>
/// <param name="LivestreamId">The livestream recorded.</param>
/// <param name="RoomId">Its room.</param>
/// <param name="Status"><c>processing</c>, <c>available</c> or <c>failed</c>.</param>
/// <param name="StartedAt">When the livestream started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="DurationSec">Length of the MP4.</param>
/// <param name="SizeBytes">Size of the MP4.</param>
/// <param name="Error">Why it could not be made, when failed.</param>
public sealed record StoredRecording(
    string Id,
    string LivestreamId,
    string RoomId,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    double? DurationSec,
    long? SizeBytes,
    string? Error);

/// <summary>One webhook event for one target, and how its delivery went.</summary>
/// <param name="Id">The delivery's id.</param>
/// <param name="WebhookId">The event's id, the same for every target and attempt (<c>LiveServer-Webhook-Id</c>).</param>
/// <param name="WebhookType">e.g. <c>hls-started</c>.</param>
/// <param name="Url">The target.</param>
/// <param name="RoomId">The room the event belongs to.</param>
/// <param name="Seq">The room event's sequence number (deliveries to one target go in this order).</param>
/// <param name="Body">The exact JSON body that is signed and sent.</param>
/// <param name="Status"><c>pending</c>, <c>delivered</c> or <c>failed</c> (given up).</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="CreatedAt">When the event was queued.</param>
/// <param name="NextAttemptAt">When the next attempt is due.</param>
/// <param name="GiveUpAt">After this, a failed attempt is the last.</param>
/// <param name="LastAttemptAt">When it was last tried.</param>
/// <param name="LastError">What went wrong last time.</param>
/// <param name="DeliveredAt">When the target accepted it.</param>
public sealed record StoredWebhookDelivery(
    string Id,
    string WebhookId,
    string WebhookType,
    string Url,
    string RoomId,
    long Seq,
    string Body,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset GiveUpAt,
    DateTimeOffset? LastAttemptAt,
    string? LastError,
    DateTimeOffset? DeliveredAt);

/// <summary>A page of a listing; <see cref="Page"/> counts from 1.</summary>
/// <typeparam name="T">The items.</typeparam>
/// <param name="Items">This page's items.</param>
/// <param name="Page">The page number.</param>
/// <param name="PerPage">Items per page.</param>
/// <param name="Total">Items on all pages.</param>
public sealed record StoredPage<T>(IReadOnlyList<T> Items, int Page, int PerPage, int Total)
{
    /// <summary>The last page's number (1 when empty).</summary>
    public int LastPage => Math.Max(1, (Total + PerPage - 1) / PerPage);
}

/// <summary>A pubsub message that was published with <c>persist: true</c>.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="Topic">Its topic (<c>CHAT</c> is the chat).</param>
/// <param name="Id">The message's id.</param>
/// <param name="Seq">The room event number it was pushed with.</param>
/// <param name="SenderId">Who sent it (a participant id, or <c>moderator</c>).</param>
/// <param name="SenderName">The sender's display name.</param>
/// <param name="Message">The text, as sent (never markup).</param>
/// <param name="At">When it was published.</param>
/// <param name="DeletedAt">When a moderator deleted it, if one did.</param>
public sealed record StoredPubsubMessage(
    string RoomId, string Topic, string Id, long Seq, string SenderId, string SenderName, string Message, DateTimeOffset At, DateTimeOffset? DeletedAt);

/// <summary>A participant banned from a room: its tokens are refused there.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="ParticipantId">The banned participant.</param>
/// <param name="BannedAt">When.</param>
/// <param name="BannedBy">The moderator (its participant id, or <c>moderator</c>).</param>
public sealed record StoredRoomBan(string RoomId, string ParticipantId, DateTimeOffset BannedAt, string BannedBy);
