using LiveServer.Api.Auth;
using LiveServer.Api.Livestreams;
using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Participants;
using LiveServer.Domain.Rooms;
using LiveServer.Media.Livestreams;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace LiveServer.Api.Rooms;

/// <summary>
/// Sends room events to the room's SignalR group. Events are queued (bounded, in order) and sent by
/// one loop, so a slow or stuck SignalR client never holds up a livestream's runner: each send may
/// take at most <see cref="SendTimeout"/>, and when the queue is full the oldest event is dropped,
/// counted (<see cref="DroppedEvents"/>) and warned about once.
/// </summary>
public sealed class RoomNotifier : IAsyncDisposable
{
    /// <summary>Events that may wait for SignalR.</summary>
    public const int QueueCapacity = 1024;

    /// <summary>How long one send may take before it is given up.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);

    private readonly IHubContext<RoomsHub> hub;
    private readonly HlsUrlSigner signer;
    private readonly TimeProvider time;
    private readonly ILogger<RoomNotifier> logger;
    private readonly Channel<(string RoomId, string Method, object Message)> _queue;
    private readonly Task _sender;
    private long _dropped;
    private long _failed;

    /// <summary>Starts the sending loop.</summary>
    public RoomNotifier(IHubContext<RoomsHub> hub, HlsUrlSigner signer, TimeProvider time, ILogger<RoomNotifier> logger)
    {
        this.hub = hub;
        this.signer = signer;
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

    /// <summary>Events whose send failed or timed out.</summary>
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

    /// <summary>Announces a livestream's current status (with its URLs once playable, signed when playback needs it).</summary>
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
        return SendAsync(livestream.RoomId, "hlsStateChanged", message, cancellationToken);
    }

    /// <summary>Announces a livestream's new active speaker (<c>speakerChanged</c>).</summary>
    public Task SpeakerChangedAsync(Livestream livestream, SpeakerChange change, CancellationToken cancellationToken) =>
        SendAsync(
            livestream.RoomId,
            "speakerChanged",
            new SpeakerChangedMessage(livestream.RoomId, livestream.Id, change.ParticipantId, change.Name, change.At),
            cancellationToken);

    /// <summary>Follows a room's membership and announces joins and leaves.</summary>
    public void Watch(Room room)
    {
        room.ParticipantJoined += (r, p) => _ = SendAsync(r.Id, "participantJoined", ParticipantMessage(r, p), CancellationToken.None);
        room.ParticipantLeft += (r, p) => _ = SendAsync(r.Id, "participantLeft", ParticipantMessage(r, p), CancellationToken.None);
    }

    private ParticipantEventMessage ParticipantMessage(Room room, Participant participant) =>
        new(room.Id, participant.Id, participant.Name, time.GetUtcNow());

    private Task SendAsync(string roomId, string method, object message, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        _queue.Writer.TryWrite((roomId, method, message));
        return Task.CompletedTask;
    }

    private async Task SendQueuedAsync()
    {
        await foreach (var (roomId, method, message) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            using var timeout = new CancellationTokenSource(SendTimeout, time);
            try
            {
                await hub.Clients.Group(RoomsHub.GroupOf(roomId)).SendAsync(method, message, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                if (Interlocked.Increment(ref _failed) == 1)
                {
                    logger.LogWarning(e, "Could not send {Method} for room {RoomId}; further failures are counted", method, roomId);
                }
            }
        }
    }
}
