using System.Collections.Concurrent;
using System.Security.Claims;
using LiveServer.Api.Auth;
using LiveServer.Api.Rooms;
using LiveServer.Domain.Rooms;
using LiveServer.Storage;

namespace LiveServer.Api.Interactive;

/// <summary>
/// Who is banned from which room. A room's bans are read from the store the first time the room is
/// asked about (and kept), so a ban survives a restart without startup loading every room's; a new
/// ban is in the set before it is stored and before the participant's connections are closed, so a
/// JoinRoom racing it either sees the ban or is closed by it. A banned participant on stage (a host or
/// an invited viewer publishing over WHIP) leaves the room: its WHIP session is ended, and the WHIP
/// endpoint refuses its tokens there (<see cref="RoomBanFilter"/>). Bans and unbans are applied one at a
/// time, so the set and the store agree. Moderators' tokens are never refused.
/// </summary>
public sealed class RoomBans(
    ILiveStore store, StoreWriter writer, RoomNotifier notifier, RoomConnections connections, RoomRegistry rooms, TimeProvider time)
    : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ConcurrentDictionary<string, StoredRoomBan>>>> _rooms = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changes = new(1, 1);

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
    /// completes), announced as <c>participantBanned</c>, its hub connections in the room closed and, when
    /// it is on stage, its source stopped (a WHIP session ends; <c>participantLeft</c>). A second ban of
    /// the same participant keeps the first and announces nothing (but closes and ends again).
    /// </summary>
    public async Task<(StoredRoomBan Ban, int ClosedConnections, bool LeftStage)> BanAsync(
        string roomId, string participantId, string bannedBy, CancellationToken cancellationToken)
    {
        var bans = await RoomAsync(roomId, cancellationToken).ConfigureAwait(false);
        StoredRoomBan ban;
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ban = new StoredRoomBan(roomId, participantId, time.GetUtcNow(), bannedBy);
            if (bans.TryAdd(participantId, ban))
            {
                await writer.WriteAsync(new StoreWrite.SaveRoomBan(ban)).WaitAsync(cancellationToken).ConfigureAwait(false);
                await notifier.PublishAsync("participantBanned", new ParticipantBannedMessage(roomId, participantId, ban.BannedAt), null, null, cancellationToken)
                    .ConfigureAwait(false);
            }
            else
            {
                ban = bans[participantId];
            }
        }
        finally
        {
            _changes.Release();
        }

        var closed = connections.Abort(roomId, participantId);
        var onStage = rooms.Find(roomId)?.Remove(participantId);
        if (onStage is not null)
        {
            await onStage.DisposeAsync().ConfigureAwait(false);
        }

        return (ban, closed, onStage is not null);
    }

    /// <summary>
    /// Lifts <paramref name="participantId"/>'s ban from <paramref name="roomId"/>: its row deleted (committed
    /// when this completes) and <c>participantUnbanned</c> announced. False when it was not banned.
    /// </summary>
    public async Task<bool> UnbanAsync(string roomId, string participantId, CancellationToken cancellationToken)
    {
        var bans = await RoomAsync(roomId, cancellationToken).ConfigureAwait(false);
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!bans.TryRemove(participantId, out _))
            {
                return false;
            }

            await writer.WriteAsync(new StoreWrite.DeleteRoomBan(roomId, participantId)).WaitAsync(cancellationToken).ConfigureAwait(false);
            await notifier.PublishAsync("participantUnbanned", new ParticipantUnbannedMessage(roomId, participantId, time.GetUtcNow()), null, null, cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>The bans of <paramref name="roomId"/>, oldest first.</summary>
    public async Task<IReadOnlyList<StoredRoomBan>> ListAsync(string roomId, CancellationToken cancellationToken) =>
        [.. (await RoomAsync(roomId, cancellationToken).ConfigureAwait(false)).Values
            .OrderBy(b => b.BannedAt)
            .ThenBy(b => b.ParticipantId, StringComparer.Ordinal)];

    /// <inheritdoc />
    public void Dispose() => _changes.Dispose();

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
