using LiveServer.Api.Rooms;
using LiveServer.Domain.Livestreams;
using LiveServer.Storage;

namespace LiveServer.Api.Storage;

/// <summary>
/// Every change of a livestream goes through here: its row and status history are stored (batched,
/// in order) and a status change is announced (<see cref="RoomNotifier.HlsStateChangedAsync"/>:
/// SignalR, the room's event log, webhooks).
/// </summary>
public sealed class LivestreamJournal(StoreWriter writer, RoomNotifier notifier, TimeProvider time)
{
    /// <summary>Stores the livestream's new status and announces it.</summary>
    public Task StatusChangedAsync(Livestream livestream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(livestream);
        writer.Post(new StoreWrite.SaveLivestream(LivestreamRecords.ToStored(livestream)));
        writer.Post(new StoreWrite.AddStatusChange(new StoredStatusChange(
            livestream.Id, LivestreamRecords.WireName(livestream.Status), livestream.End ?? time.GetUtcNow(), livestream.FailureReason)));
        return notifier.HlsStateChangedAsync(livestream, livestream.BaseUrl, cancellationToken);
    }

    /// <summary>Stores the livestream's row as it is now (config changed, files deleted).</summary>
    public void Saved(Livestream livestream) => writer.Post(new StoreWrite.SaveLivestream(LivestreamRecords.ToStored(livestream)));
}
