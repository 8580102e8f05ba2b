using Microsoft.Data.Sqlite;

namespace LiveServer.Storage.Sqlite;

/// <summary>The store's reads.</summary>
public sealed partial class SqliteLiveStore
{
    private const string LivestreamColumns =
        "id, room_id, config, status, started_at, ended_at, failure_reason, stats, webhook_url, base_url, recording_enabled, files_deleted";

    private const string RecordingColumns = "id, livestream_id, room_id, status, started_at, ended_at, duration_sec, size_bytes, error";

    private const string PubsubColumns = "room_id, topic, id, seq, sender_id, sender_name, message, at, deleted_at";

    private const string DeliveryColumns =
        "id, webhook_id, webhook_type, url, room_id, seq, body, status, attempts, created_at, next_attempt_at, give_up_at, last_attempt_at, last_error, delivered_at";

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredRoom>> LoadRoomsAsync(CancellationToken cancellationToken) =>
        await QueryAsync(
            "SELECT id, created_at, last_seq FROM rooms ORDER BY created_at, id;",
            _ => { },
            r => new StoredRoom(r.GetString(0), r.ReadTime(1), r.GetInt64(2)),
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredLivestream>> LoadLivestreamsAsync(CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {LivestreamColumns} FROM livestreams ORDER BY started_at, id;", _ => { }, ReadLivestream, cancellationToken)
            .ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredStatusChange>> LoadStatusChangesAsync(string livestreamId, CancellationToken cancellationToken) =>
        await QueryAsync(
            "SELECT livestream_id, status, at, reason FROM livestream_status_changes WHERE livestream_id = $id ORDER BY rowid;",
            c => c.Add("$id", livestreamId),
            r => new StoredStatusChange(r.GetString(0), r.GetString(1), r.ReadTime(2), r.ReadOptionalString(3)),
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredParticipantSession>> LoadSessionsAsync(string roomId, CancellationToken cancellationToken) =>
        await QueryAsync(
            "SELECT id, room_id, participant_id, name, kind, joined_at, left_at FROM participant_sessions WHERE room_id = $room ORDER BY joined_at DESC, rowid DESC;",
            c => c.Add("$room", roomId),
            r => new StoredParticipantSession(
                r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.ReadTime(5), r.ReadOptionalTime(6)),
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<int> EndOpenSessionsAsync(DateTimeOffset leftAt, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE participant_sessions SET left_at = $left WHERE left_at IS NULL;",
            c => c.Add("$left", SqliteValues.Time(leftAt)),
            cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredRoomEvent>> LoadEventsAsync(string roomId, long sinceSeq, int limit, CancellationToken cancellationToken) =>
        await QueryAsync(
            "SELECT room_id, seq, type, at, data FROM room_events WHERE room_id = $room AND seq > $since ORDER BY seq LIMIT $limit;",
            c =>
            {
                c.Add("$room", roomId);
                c.Add("$since", sinceSeq);
                c.Add("$limit", limit);
            },
            r => new StoredRoomEvent(r.GetString(0), r.GetInt64(1), r.GetString(2), r.ReadTime(3), r.GetString(4)),
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<StoredRecording?> FindRecordingAsync(string id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {RecordingColumns} FROM recordings WHERE id = $id;", c => c.Add("$id", id), ReadRecording, cancellationToken)
            .ConfigureAwait(false)).FirstOrDefault();

    /// <inheritdoc />
    public async Task<StoredPage<StoredRecording>> ListRecordingsAsync(string? roomId, int page, int perPage, CancellationToken cancellationToken)
    {
        void Bind(SqliteCommand c)
        {
            c.Add("$room", roomId);
            c.Add("$limit", perPage);
            c.Add("$offset", (long)(page - 1) * perPage);
        }

        const string where = "WHERE ($room IS NULL OR room_id = $room)";
        var total = await ScalarAsync($"SELECT COUNT(*) FROM recordings {where};", Bind, cancellationToken).ConfigureAwait(false);
        var items = await QueryAsync(
            $"SELECT {RecordingColumns} FROM recordings {where} ORDER BY started_at DESC, id LIMIT $limit OFFSET $offset;",
            Bind, ReadRecording, cancellationToken).ConfigureAwait(false);
        return new StoredPage<StoredRecording>(items, page, perPage, (int)total);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredRecording>> RecordingsEndedBeforeAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken) =>
        await QueryAsync(
            $"SELECT {RecordingColumns} FROM recordings WHERE ended_at IS NOT NULL AND ended_at < $before ORDER BY ended_at;",
            c => c.Add("$before", SqliteValues.Time(endedBefore)),
            ReadRecording,
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredWebhookDelivery>> DueDeliveriesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        await QueryAsync(
            $"""
            SELECT {DeliveryColumns} FROM webhook_deliveries d
            WHERE d.status = 'pending' AND d.next_attempt_at <= $now
              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
                              WHERE e.url = d.url AND e.room_id = d.room_id AND e.status = 'pending' AND e.seq < d.seq)
            ORDER BY d.next_attempt_at, d.seq LIMIT $limit;
            """,
            c =>
            {
                c.Add("$now", SqliteValues.Time(now));
                c.Add("$limit", limit);
            },
            ReadDelivery,
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<DateTimeOffset?> NextDeliveryDueAsync(CancellationToken cancellationToken) =>
        (await QueryAsync(
            "SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE status = 'pending';",
            _ => { },
            r => r.ReadOptionalTime(0),
            cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <inheritdoc />
    public async Task<StoredWebhookDelivery?> FindDeliveryAsync(string id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {DeliveryColumns} FROM webhook_deliveries WHERE id = $id;", c => c.Add("$id", id), ReadDelivery, cancellationToken)
            .ConfigureAwait(false)).FirstOrDefault();

    /// <inheritdoc />
    public async Task<StoredPage<StoredWebhookDelivery>> ListDeliveriesAsync(string? status, int page, int perPage, CancellationToken cancellationToken)
    {
        void Bind(SqliteCommand c)
        {
            c.Add("$status", status);
            c.Add("$limit", perPage);
            c.Add("$offset", (long)(page - 1) * perPage);
        }

        const string where = "WHERE ($status IS NULL OR status = $status)";
        var total = await ScalarAsync($"SELECT COUNT(*) FROM webhook_deliveries {where};", Bind, cancellationToken).ConfigureAwait(false);
        var items = await QueryAsync(
            $"SELECT {DeliveryColumns} FROM webhook_deliveries {where} ORDER BY created_at DESC, seq DESC, id LIMIT $limit OFFSET $offset;",
            Bind, ReadDelivery, cancellationToken).ConfigureAwait(false);
        return new StoredPage<StoredWebhookDelivery>(items, page, perPage, (int)total);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredPubsubMessage>> LoadPubsubMessagesAsync(
        string roomId, string topic, long sinceSeq, int limit, CancellationToken cancellationToken) =>
        await QueryAsync(
            $"""
            SELECT {PubsubColumns} FROM pubsub_messages
            WHERE room_id = $room AND topic = $topic AND seq > $since AND deleted_at IS NULL ORDER BY seq LIMIT $limit;
            """,
            c =>
            {
                c.Add("$room", roomId);
                c.Add("$topic", topic);
                c.Add("$since", sinceSeq);
                c.Add("$limit", limit);
            },
            ReadPubsubMessage,
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredPubsubMessage>> LoadLatestPubsubMessagesAsync(
        string roomId, string topic, int count, CancellationToken cancellationToken)
    {
        var newestFirst = await QueryAsync(
            $"""
            SELECT {PubsubColumns} FROM pubsub_messages
            WHERE room_id = $room AND topic = $topic AND deleted_at IS NULL ORDER BY seq DESC LIMIT $limit;
            """,
            c =>
            {
                c.Add("$room", roomId);
                c.Add("$topic", topic);
                c.Add("$limit", count);
            },
            ReadPubsubMessage,
            cancellationToken).ConfigureAwait(false);
        newestFirst.Reverse();
        return newestFirst;
    }

    /// <inheritdoc />
    public async Task<StoredPubsubMessage?> FindPubsubMessageAsync(string roomId, string messageId, CancellationToken cancellationToken) =>
        (await QueryAsync(
            $"SELECT {PubsubColumns} FROM pubsub_messages WHERE room_id = $room AND id = $id;",
            c =>
            {
                c.Add("$room", roomId);
                c.Add("$id", messageId);
            },
            ReadPubsubMessage,
            cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredRoomBan>> LoadRoomBansAsync(string roomId, CancellationToken cancellationToken) =>
        await QueryAsync(
            "SELECT room_id, participant_id, banned_at, banned_by FROM room_bans WHERE room_id = $room ORDER BY banned_at, participant_id;",
            c => c.Add("$room", roomId),
            r => new StoredRoomBan(r.GetString(0), r.GetString(1), r.ReadTime(2), r.GetString(3)),
            cancellationToken).ConfigureAwait(false);

    private static StoredPubsubMessage ReadPubsubMessage(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.GetString(5), r.GetString(6), r.ReadTime(7), r.ReadOptionalTime(8));

    private static StoredLivestream ReadLivestream(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.ReadTime(4), r.ReadOptionalTime(5), r.ReadOptionalString(6),
        r.ReadOptionalString(7), r.ReadOptionalString(8), r.GetString(9), r.GetInt64(10) != 0, r.GetInt64(11) != 0);

    private static StoredRecording ReadRecording(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.ReadTime(4), r.ReadOptionalTime(5),
        r.IsDBNull(6) ? null : r.GetDouble(6), r.IsDBNull(7) ? null : r.GetInt64(7), r.ReadOptionalString(8));

    private static StoredWebhookDelivery ReadDelivery(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5), r.GetString(6), r.GetString(7),
        r.GetInt32(8), r.ReadTime(9), r.ReadTime(10), r.ReadTime(11), r.ReadOptionalTime(12), r.ReadOptionalString(13), r.ReadOptionalTime(14));
}
