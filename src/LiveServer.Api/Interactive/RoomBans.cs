using System.Collections.Concurrent;
using System.Security.Claims;
using LiveServer.Api.Auth;
using LiveServer.Api.Rooms;
using LiveServer.Storage;

namespace LiveServer.Api.Interactive;

/// <summary>
/// Who is banned from which room. A room's bans are read from the store the first time the room is
/// asked about (and kept), so a ban survives a restart without startup loading every room's; a new
/// ban is in the set before it is stored and before the participant's connections are closed, so a
/// JoinRoom racing it either sees the ban or is closed by it. Moderators' tokens are never refused.
/// </summary>
public sealed class RoomBans(ILiveStore store, StoreWriter writer, RoomNotifier notifier, RoomConnections connections, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ConcurrentDictionary<string, StoredRoomBan>>>> _rooms = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="user"/>'s participant is banned from <paramref name="roomId"/> (moderators never are).</summary>
    public async Task<bool> RefusesAsync(string roomId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return !user.MayModerate() && user.RestrictedParticipant() is { } participantId
            && await IsBannedAsync(roomId, participantId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when <paramref name="participantId"/> is banned from <paramref name="roomId"/>.</summary>
    public async Task<bool> IsBannedAsync(string roomId, string participantId, CancellationToken cancellationToken) =>
        (await RoomAsync(roomId, cancellationToken).ConfigureAwait(false)).ContainsKey(participantId);

    /// <summary>
    /// Bans <paramref name="participantId"/> from <paramref name="roomId"/>: stored (committed when this
    /// completes), announced as <c>participantBanned</c>, and its hub connections in the room closed.
    /// A second ban of the same participant keeps the first and announces nothing.
    /// </summary>
    public async Task<(StoredRoomBan Ban, int ClosedConnections)> BanAsync(
        string roomId, string participantId, string bannedBy, CancellationToken cancellationToken)
    {
        var bans = await RoomAsync(roomId, cancellationToken).ConfigureAwait(false);
        var ban = new StoredRoomBan(roomId, participantId, time.GetUtcNow(), bannedBy);
        if (!bans.TryAdd(participantId, ban))
        {
            return (bans[participantId], connections.Abort(roomId, participantId));
        }

        await writer.WriteAsync(new StoreWrite.SaveRoomBan(ban)).WaitAsync(cancellationToken).ConfigureAwait(false);
        await notifier.PublishAsync("participantBanned", new ParticipantBannedMessage(roomId, participantId, ban.BannedAt), null, null, cancellationToken)
            .ConfigureAwait(false);
        return (ban, connections.Abort(roomId, participantId));
    }

    private async Task<ConcurrentDictionary<string, StoredRoomBan>> RoomAsync(string roomId, CancellationToken cancellationToken)
    {
        var loading = _rooms.GetOrAdd(roomId, id => new Lazy<Task<ConcurrentDictionary<string, StoredRoomBan>>>(() => LoadAsync(id)));
        try
        {
            return await loading.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (loading.Value.IsFaulted)
        {
            // A failed read is not kept: the next question reads again.
            _rooms.TryRemove(new KeyValuePair<string, Lazy<Task<ConcurrentDictionary<string, StoredRoomBan>>>>(roomId, loading));
            throw;
        }
    }

    private async Task<ConcurrentDictionary<string, StoredRoomBan>> LoadAsync(string roomId)
    {
        // Not the caller's token: the load is shared by every caller asking about the room.
        var stored = await store.LoadRoomBansAsync(roomId, CancellationToken.None).ConfigureAwait(false);
        return new ConcurrentDictionary<string, StoredRoomBan>(stored.Select(b => KeyValuePair.Create(b.ParticipantId, b)), StringComparer.Ordinal);
    }
}
