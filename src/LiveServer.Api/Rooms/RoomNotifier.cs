using LiveServer.Api.Auth;
using LiveServer.Api.Livestreams;
using LiveServer.Api.Webhooks;
using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Participants;
using LiveServer.Domain.Rooms;
using LiveServer.Media.Livestreams;
using LiveServer.Storage;
using System.Text.Json;
using System.Threading.Channels;

namespace LiveServer.Api.Rooms;

/// <summary>
/// Publishes room events: numbers them per room, stores them (with their webhook deliveries) and
/// sends them to the hub connections that joined the room. Events are queued (bounded, in order)
/// and sent by one loop, which takes whatever is queued as one batch and hands each room's part to
/// <see cref="IRoomFanout"/> (one write per connection per batch, never waiting for a client), so a
/// slow or stuck client holds up neither a livestream's runner nor the other viewers; when the queue
/// is full the oldest event is dropped, counted (<see cref="DroppedEvents"/>) and warned about once.
/// </summary>
public sealed class RoomNotifier : IAsyncDisposable
{
    /// <summary>Events that may wait for SignalR.</summary>
    public const int QueueCapacity = 1024;

    /// <summary>How long a direct send to a few connections (and the last sends at shutdown) may take.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The most events one batch takes from the queue.</summary>
    public const int MaxBatch = 256;

    /// <summary>How events are written to the store and webhook bodies: the web defaults SignalR uses too (camelCase).</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly IRoomFanout fanout;
    private readonly HlsUrlSigner signer;
    private readonly StoreWriter writer;
    private readonly RoomSequences sequences;
    private readonly WebhookOutbox outbox;
    private readonly LivestreamRegistry livestreams;
    private readonly TimeProvider time;
    private readonly ILogger<RoomNotifier> logger;
    private readonly Lock _order = new();
    private readonly Dictionary<Participant, string> _sessions = new(ReferenceEqualityComparer.Instance);
    private readonly Channel<(string RoomId, string Method, object Message)> _queue;
    private readonly Task _sender;
    private long _dropped;
    private long _failed;

    /// <summary>Starts the sending loop.</summary>
    public RoomNotifier(
        IRoomFanout fanout,
        HlsUrlSigner signer,
        StoreWriter writer,
        RoomSequences sequences,
        WebhookOutbox outbox,
        LivestreamRegistry livestreams,
        TimeProvider time,
        ILogger<RoomNotifier> logger)
    {
        this.fanout = fanout;
        this.signer = signer;
        this.writer = writer;
        this.sequences = sequences;
        this.outbox = outbox;
        this.livestreams = livestreams;
        this.time = time;
        this.logger = logger;
        _queue = Channel.CreateBounded<(string, string, object)>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ =>
            {
                if (Interlocked.Increment(ref _dropped) == 1)
                {
                    logger.LogWarning("SignalR cannot keep up: dropping the oldest room events (counted; the total is logged at shutdown)");
                }
            });
        _sender = Task.Run(SendQueuedAsync);
    }

    /// <summary>Events dropped because the queue was full.</summary>
    public long DroppedEvents => Interlocked.Read(ref _dropped);

    /// <summary>Events whose send failed.</summary>
    public long FailedSends => Interlocked.Read(ref _failed);

    /// <summary>Events waiting to be sent.</summary>
    public int Queued => _queue.Reader.Count;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _sender.WaitAsync(SendTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (DroppedEvents > 0 || FailedSends > 0)
        {
            logger.LogWarning("Room events: {Dropped} dropped (queue full), {Failed} sends failed or timed out", DroppedEvents, FailedSends);
        }
    }

    /// <summary>Announces a livestream's current status (with its URLs once playable, signed when playback needs it) and its <c>hls-*</c> webhook.</summary>
    public Task HlsStateChangedAsync(Livestream livestream, string baseUrl, CancellationToken cancellationToken)
    {
        var playable = livestream.Status is LivestreamStatus.Playable or LivestreamStatus.Stopping or LivestreamStatus.Stopped;
        var message = new HlsStateChangedMessage(
            livestream.RoomId,
            livestream.Id,
            livestream.Status,
            playable ? signer.SignUrl(baseUrl + livestream.PlaybackHlsPath, livestream.Id) : null,
            playable ? signer.SignUrl(baseUrl + livestream.LivestreamPath, livestream.Id) : null,
            livestream.FailureReason,
            time.GetUtcNow());
        var webhookType = "hls-" + livestream.Status switch
        {
            LivestreamStatus.Starting => "starting",
            LivestreamStatus.Started => "started",
            LivestreamStatus.Playable => "playable",
            LivestreamStatus.Stopping => "stopping",
            LivestreamStatus.Stopped => "stopped",
            _ => "failed",
        };
        return PublishAsync("hlsStateChanged", message, webhookType, livestream.WebhookUrl, cancellationToken);
    }

    /// <summary>Announces a livestream's new active speaker (<c>speakerChanged</c>; no webhook).</summary>
    public Task SpeakerChangedAsync(Livestream livestream, SpeakerChange change, CancellationToken cancellationToken) =>
        PublishAsync(
            "speakerChanged",
            new SpeakerChangedMessage(livestream.RoomId, livestream.Id, change.ParticipantId, change.Name, change.At),
            null,
            null,
            cancellationToken);

    /// <summary>
    /// Follows a room's membership: announces joins and leaves (with their webhooks, to the room's
    /// running livestream's <c>webhookUrl</c> too) and records each participant's stay.
    /// </summary>
    public void Watch(Room room)
    {
        room.ParticipantJoined += (r, p) =>
        {
            var sessionId = "ps_" + Guid.NewGuid().ToString("N")[..20];
            lock (_sessions)
            {
                _sessions[p] = sessionId;
            }

            writer.Post(new StoreWrite.SessionStarted(new StoredParticipantSession(
                sessionId, r.Id, p.Id, p.Name, p.Kind.ToString().ToLowerInvariant(), p.JoinedAt, null)));
            _ = PublishAsync("participantJoined", ParticipantMessage(r, p), "participant-joined", ActiveWebhookUrl(r.Id), CancellationToken.None);
        };
        room.ParticipantLeft += (r, p) =>
        {
            string? sessionId;
            lock (_sessions)
            {
                _sessions.Remove(p, out sessionId);
            }

            if (sessionId is not null)
            {
                writer.Post(new StoreWrite.SessionEnded(sessionId, time.GetUtcNow()));
            }

            _ = PublishAsync("participantLeft", ParticipantMessage(r, p), "participant-left", ActiveWebhookUrl(r.Id), CancellationToken.None);
        };
    }

    /// <summary>
    /// Numbers a room event (<see cref="RoomEventMessage.Seq"/>), stores it with its webhook
    /// deliveries (<paramref name="webhookType"/> null: none) and queues it for the room's SignalR
    /// group as <paramref name="method"/>. Numbering, storing and queueing happen under one lock, so
    /// the store, SignalR and webhooks see a room's events in the same order. Answers the message with its <c>seq</c>.
    /// </summary>
    public Task<T> PublishAsync<T>(string method, T message, string? webhookType, string? webhookUrl, CancellationToken cancellationToken)
        where T : RoomEventMessage
    {
        ArgumentNullException.ThrowIfNull(message);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        bool queuedWebhooks;
        T numbered;
        lock (_order)
        {
            numbered = message with { Seq = sequences.Next(message.RoomId) };
            var json = JsonSerializer.Serialize(numbered, numbered.GetType(), JsonOptions);
            var deliveries = webhookType is null
                ? []
                : outbox.DeliveriesFor(webhookType, numbered.RoomId, numbered.Seq, numbered.At, json, webhookUrl);
            writer.Post(new StoreWrite.AppendEvent(new StoredRoomEvent(numbered.RoomId, numbered.Seq, method, numbered.At, json), deliveries));
            _queue.Writer.TryWrite((numbered.RoomId, method, numbered));
            queuedWebhooks = deliveries.Count > 0;
        }

        if (queuedWebhooks)
        {
            outbox.NotifyQueued();
        }

        return Task.FromResult(numbered);
    }

    private string? ActiveWebhookUrl(string roomId) => livestreams.FindActive(roomId)?.WebhookUrl;

    private ParticipantEventMessage ParticipantMessage(Room room, Participant participant) =>
        new(room.Id, participant.Id, participant.Name, time.GetUtcNow());

    private async Task SendQueuedAsync()
    {
        var batch = new List<(string RoomId, string Method, object Message)>(MaxBatch);
        var room = new List<(string Method, object Message)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var queued))
            {
                batch.Add(queued);
            }

            // Each room's events in their order; rooms in the order their first event came.
            foreach (var roomId in batch.Select(e => e.RoomId).Distinct(StringComparer.Ordinal).ToList())
            {
                room.Clear();
                room.AddRange(batch.Where(e => e.RoomId == roomId).Select(e => (e.Method, e.Message)));
                try
                {
                    fanout.Send(roomId, room);
                }
                catch (Exception e)
                {
                    if (Interlocked.Add(ref _failed, room.Count) == room.Count)
                    {
                        logger.LogWarning(e, "Could not send {Count} events for room {RoomId}; further failures are counted", room.Count, roomId);
                    }
                }
            }
        }
    }
}
