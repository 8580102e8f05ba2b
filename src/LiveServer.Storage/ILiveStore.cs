namespace LiveServer.Storage;

/// <summary>
/// The server's durable state: rooms, participants' stays, livestreams and their status history,
/// recordings, room events and webhook deliveries. Every call is async and safe to make from many
/// threads; writes come in batches (<see cref="StoreWriter"/> gathers them). SQLite implements it
/// today (<see cref="Sqlite.SqliteLiveStore"/>); a shared database for a cluster implements the same.
/// </summary>
public interface ILiveStore : IAsyncDisposable
{
    /// <summary>Applies <paramref name="writes"/> in one transaction, in order.</summary>
    Task WriteAsync(IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken);

    /// <summary>Every room, oldest first.</summary>
    Task<IReadOnlyList<StoredRoom>> LoadRoomsAsync(CancellationToken cancellationToken);

    /// <summary>Every livestream, oldest first.</summary>
    Task<IReadOnlyList<StoredLivestream>> LoadLivestreamsAsync(CancellationToken cancellationToken);

    /// <summary>A livestream's status changes, in order.</summary>
    Task<IReadOnlyList<StoredStatusChange>> LoadStatusChangesAsync(string livestreamId, CancellationToken cancellationToken);

    /// <summary>A room's participant stays, newest first.</summary>
    Task<IReadOnlyList<StoredParticipantSession>> LoadSessionsAsync(string roomId, CancellationToken cancellationToken);

    /// <summary>Ends every stay still open (after a crash: the server's participants are gone); returns how many.</summary>
    Task<int> EndOpenSessionsAsync(DateTimeOffset leftAt, CancellationToken cancellationToken);

    /// <summary>A room's events with a sequence number above <paramref name="sinceSeq"/>, in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoredRoomEvent>> LoadEventsAsync(string roomId, long sinceSeq, int limit, CancellationToken cancellationToken);

    /// <summary>A recording, or null.</summary>
    Task<StoredRecording?> FindRecordingAsync(string id, CancellationToken cancellationToken);

    /// <summary>Recordings newest first, optionally of one room.</summary>
    Task<StoredPage<StoredRecording>> ListRecordingsAsync(string? roomId, int page, int perPage, CancellationToken cancellationToken);

    /// <summary>Recordings of livestreams that ended before <paramref name="endedBefore"/>.</summary>
    Task<IReadOnlyList<StoredRecording>> RecordingsEndedBeforeAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken);

    /// <summary>
    /// Pending deliveries due at <paramref name="now"/>, each the oldest pending one of its target and
    /// room (so one target gets a room's events in sequence order), soonest due first.
    /// </summary>
    Task<IReadOnlyList<StoredWebhookDelivery>> DueDeliveriesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>When the next pending delivery is due; null when none is pending.</summary>
    Task<DateTimeOffset?> NextDeliveryDueAsync(CancellationToken cancellationToken);

    /// <summary>A delivery, or null.</summary>
    Task<StoredWebhookDelivery?> FindDeliveryAsync(string id, CancellationToken cancellationToken);

    /// <summary>Deliveries newest first, optionally with one status.</summary>
    Task<StoredPage<StoredWebhookDelivery>> ListDeliveriesAsync(string? status, int page, int perPage, CancellationToken cancellationToken);

    /// <summary>
    /// A room topic's persisted messages with a sequence number above <paramref name="sinceSeq"/>, oldest
    /// first, at most <paramref name="limit"/>; deleted ones are left out.
    /// </summary>
    Task<IReadOnlyList<StoredPubsubMessage>> LoadPubsubMessagesAsync(string roomId, string topic, long sinceSeq, int limit, CancellationToken cancellationToken);

    /// <summary>A persisted pubsub message of a room (deleted or not), or null.</summary>
    Task<StoredPubsubMessage?> FindPubsubMessageAsync(string roomId, string messageId, CancellationToken cancellationToken);

    /// <summary>A topic's newest <paramref name="count"/> persisted messages that are not deleted, oldest first.</summary>
    Task<IReadOnlyList<StoredPubsubMessage>> LoadLatestPubsubMessagesAsync(string roomId, string topic, int count, CancellationToken cancellationToken);

    /// <summary>A room's bans, oldest first.</summary>
    Task<IReadOnlyList<StoredRoomBan>> LoadRoomBansAsync(string roomId, CancellationToken cancellationToken);

    /// <summary>A room's polls with their options, oldest first.</summary>
    Task<IReadOnlyList<StoredPoll>> LoadPollsAsync(string roomId, CancellationToken cancellationToken);

    /// <summary>The votes on a room's polls.</summary>
    Task<IReadOnlyList<StoredPollVote>> LoadPollVotesAsync(string roomId, CancellationToken cancellationToken);

    /// <summary>A room's questions (hidden ones too), oldest first.</summary>
    Task<IReadOnlyList<StoredQuestion>> LoadQuestionsAsync(string roomId, CancellationToken cancellationToken);

    /// <summary>The upvotes on a room's questions.</summary>
    Task<IReadOnlyList<StoredQuestionUpvote>> LoadQuestionUpvotesAsync(string roomId, CancellationToken cancellationToken);

    /// <summary>What each recipient of a room has been given, largest total first.</summary>
    Task<IReadOnlyList<StoredGiftTotal>> LoadGiftTotalsAsync(string roomId, CancellationToken cancellationToken);
}
