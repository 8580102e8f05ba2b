using System.Security.Claims;
using System.Threading.RateLimiting;
using LiveServer.Api.Rooms;
using LiveServer.Domain.Rooms;
using LiveServer.Storage;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Interactive;

/// <summary>
/// Pubsub in VideoSDK's model: a message published on a room's topic goes to everyone in the room as
/// <c>pubsubMessage</c> (a numbered room event, so it is in the event log and in order with the
/// room's other events); with <c>persist</c> it is also kept, and the topic's history lists it until
/// a moderator deletes it (<c>messageDeleted</c>). Topic <c>CHAT</c> is the chat. Each sender has a
/// token bucket per room (<c>Interactive:MessagesPerSecond</c>, <c>Interactive:MessageBurst</c>) and
/// each client address one over all its senders (<c>Interactive:MessagesPerSecondPerAddress</c>).
/// Messages are text: stored and pushed as sent, never interpreted.
/// </summary>
public sealed class PubsubService : IDisposable
{
    /// <summary>The most characters (Unicode scalar values) a message may have.</summary>
    public const int MaxMessageLength = 500;

    /// <summary>The most characters a topic may have.</summary>
    public const int MaxTopicLength = 64;

    /// <summary>The most messages one history call returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The SignalR method (and event type) of a published message.</summary>
    public const string MessageMethod = "pubsubMessage";

    private readonly RoomRegistry _rooms;
    private readonly RoomNotifier _notifier;
    private readonly RoomBans _bans;
    private readonly StoreWriter _writer;
    private readonly ILiveStore _store;
    private readonly TimeProvider _time;
    private readonly PartitionedRateLimiter<string> _perSender;
    private readonly PartitionedRateLimiter<string> _perAddress;

    /// <summary>Creates the service.</summary>
    public PubsubService(
        RoomRegistry rooms,
        RoomNotifier notifier,
        RoomBans bans,
        StoreWriter writer,
        ILiveStore store,
        IOptions<PubsubOptions> options,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rooms = rooms;
        _notifier = notifier;
        _bans = bans;
        _writer = writer;
        _store = store;
        _time = time;
        var o = options.Value;
        _perSender = Buckets(o.MessagesPerSecond, o.MessageBurst);
        _perAddress = Buckets(o.MessagesPerSecondPerAddress, o.MessagesPerSecondPerAddress * 2);
    }

    /// <summary>Why <paramref name="topic"/> cannot be a topic, or null when it can: 1–64 of <c>[A-Za-z0-9_-]</c>.</summary>
    public static string? TopicError(string? topic) =>
        topic is { Length: > 0 and <= MaxTopicLength } && topic.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? null
            : $"topic must be 1 to {MaxTopicLength} characters of A-Z, a-z, 0-9, '_' and '-'.";

    /// <summary>
    /// Publishes <paramref name="text"/> (trimmed) from <paramref name="user"/> on <paramref name="topic"/>
    /// of <paramref name="roomId"/>; the caller has checked that the token may take part in the room.
    /// </summary>
    public async Task<PublishOutcome> PublishAsync(
        string roomId, string topic, string? text, bool persist, ClaimsPrincipal user, string clientAddress, CancellationToken cancellationToken)
    {
        if (TopicError(topic) is { } topicError)
        {
            return new PublishOutcome.Invalid("topic", topicError);
        }

        var message = text?.Trim();
        if (string.IsNullOrEmpty(message) || message.EnumerateRunes().Count() > MaxMessageLength)
        {
            return new PublishOutcome.Invalid("message", $"message must be 1 to {MaxMessageLength} characters (after trimming).");
        }

        if (_rooms.Find(roomId) is null)
        {
            return new PublishOutcome.RoomNotFound();
        }

        if (await _bans.RefusesAsync(roomId, user, cancellationToken).ConfigureAwait(false))
        {
            return new PublishOutcome.Banned();
        }

        var sender = PubsubSender.Of(user);
        using (var lease = _perSender.AttemptAcquire(roomId + "\n" + sender.Id))
        {
            if (!lease.IsAcquired)
            {
                return new PublishOutcome.Limited(RetryAfter(lease), "Too many messages from this sender (Interactive:MessagesPerSecond, Interactive:MessageBurst).");
            }
        }

        using (var lease = _perAddress.AttemptAcquire(clientAddress))
        {
            if (!lease.IsAcquired)
            {
                return new PublishOutcome.Limited(RetryAfter(lease), "Too many messages from this address (Interactive:MessagesPerSecondPerAddress).");
            }
        }

        var published = new PubsubMessage(roomId, topic, "pm_" + Guid.NewGuid().ToString("N")[..20], sender.Id, sender.Name, message, _time.GetUtcNow());
        published = await _notifier.PublishAsync(MessageMethod, published, null, null, cancellationToken).ConfigureAwait(false);
        if (persist)
        {
            // Posted after the event itself, so the row never refers to an event the log lacks.
            _writer.Post(new StoreWrite.SavePubsubMessage(new StoredPubsubMessage(
                roomId, topic, published.Id, published.Seq, sender.Id, sender.Name, message, published.At, null)));
        }

        return new PublishOutcome.Published(published);
    }

    /// <summary>The topic's persisted messages after <paramref name="since"/> (a <c>seq</c>), oldest first, deleted ones left out.</summary>
    public async Task<IReadOnlyList<PubsubMessage>> HistoryAsync(string roomId, string topic, long since, int limit, CancellationToken cancellationToken)
    {
        // Messages are stored in batches; what was published before this call is in the store after the flush.
        await _writer.FlushAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var stored = await _store.LoadPubsubMessagesAsync(roomId, topic, since, limit, cancellationToken).ConfigureAwait(false);
        return [.. stored.Select(ToMessage)];
    }

    /// <summary>The topic's newest <paramref name="count"/> persisted messages, oldest first (the chat a joining viewer sees).</summary>
    public async Task<IReadOnlyList<PubsubMessage>> LatestAsync(string roomId, string topic, int count, CancellationToken cancellationToken)
    {
        await _writer.FlushAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var stored = await _store.LoadLatestPubsubMessagesAsync(roomId, topic, count, cancellationToken).ConfigureAwait(false);
        return [.. stored.Select(ToMessage)];
    }

    private static PubsubMessage ToMessage(StoredPubsubMessage m) =>
        new(m.RoomId, m.Topic, m.Id, m.SenderId, m.SenderName, m.Message, m.At) { Seq = m.Seq };

    /// <summary>
    /// Deletes a persisted message and announces <c>messageDeleted</c>; null when the room's topic has no
    /// such persisted message. Deleting a deleted message answers as before and announces nothing.
    /// </summary>
    public async Task<MessageDeletedMessage?> DeleteAsync(string roomId, string topic, string messageId, CancellationToken cancellationToken)
    {
        await _writer.FlushAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var stored = await _store.FindPubsubMessageAsync(roomId, messageId, cancellationToken).ConfigureAwait(false);
        if (stored is null || !string.Equals(stored.Topic, topic, StringComparison.Ordinal))
        {
            return null;
        }

        if (stored.DeletedAt is { } deletedAt)
        {
            return new MessageDeletedMessage(roomId, topic, messageId, deletedAt);
        }

        var deleted = new MessageDeletedMessage(roomId, topic, messageId, _time.GetUtcNow());
        await _writer.WriteAsync(new StoreWrite.DeletePubsubMessage(roomId, messageId, deleted.At)).WaitAsync(cancellationToken).ConfigureAwait(false);
        await _notifier.PublishAsync("messageDeleted", deleted, null, null, cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _perSender.Dispose();
        _perAddress.Dispose();
    }

    private static PartitionedRateLimiter<string> Buckets(int perSecond, int burst) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(
            key,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1);
}
