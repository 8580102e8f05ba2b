using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using LiveServer.Api.Rooms;
using LiveServer.Domain.Rooms;
using LiveServer.Storage;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Interactive;

/// <summary>
/// Virtual gifts: someone in the room sends a gift of the catalogue (<c>Interactive:Gifts</c>) to a
/// host of the room or to a viewer on its hub; the gift is committed to the store before it is
/// counted and announced as <c>giftSent</c> (a gift stands for value, so a 200 means it is kept).
/// Each room's totals per recipient are read from the store on first use and kept in memory, so the
/// leaderboard is a sort of a small dictionary. Each sender has a token bucket per room
/// (<c>Interactive:GiftsPerSecond</c>, <c>Interactive:GiftBurst</c>).
/// </summary>
public sealed class GiftService : IDisposable
{
    /// <summary>The most entries a leaderboard lists.</summary>
    public const int MaxLeaderboard = 100;

    private const int MaxRecipientLength = 200;

    private readonly RoomRegistry _rooms;
    private readonly RoomConnections _connections;
    private readonly RoomNotifier _notifier;
    private readonly StoreWriter _writer;
    private readonly ILiveStore _store;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<GiftDefinition> _catalogue;
    private readonly Dictionary<string, GiftDefinition> _byId;
    private readonly PartitionedRateLimiter<string> _perSender;
    private readonly ConcurrentDictionary<string, Lazy<Task<Dictionary<string, Total>>>> _totals = new(StringComparer.Ordinal);

    /// <summary>Creates the service with the validated catalogue.</summary>
    public GiftService(
        RoomRegistry rooms, RoomConnections connections, RoomNotifier notifier, StoreWriter writer, ILiveStore store, IOptions<GiftOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rooms = rooms;
        _connections = connections;
        _notifier = notifier;
        _writer = writer;
        _store = store;
        _time = time;
        var o = options.Value;
        _catalogue = [.. o.Gifts.Select(g => new GiftDefinition { Id = g.Id, Name = g.Name.Trim(), Value = g.Value })];
        _byId = _catalogue.ToDictionary(g => g.Id, StringComparer.Ordinal);
        _perSender = SenderBuckets.Create(o.GiftBurst, TimeSpan.FromSeconds(1) / o.GiftsPerSecond);
    }

    /// <summary>The catalogue, in its configured order.</summary>
    public IReadOnlyList<GiftDefinition> Catalogue => _catalogue;

    /// <summary>
    /// Sends gift <paramref name="giftId"/> from <paramref name="user"/> to participant <paramref name="to"/>
    /// of <paramref name="roomId"/>; the caller has checked that the token may take part in the room.
    /// </summary>
    public async Task<GiftOutcome> SendAsync(string roomId, string? giftId, string? to, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(giftId))
        {
            return new GiftOutcome.Invalid("giftId", "giftId is required.");
        }

        if (to is not { Length: > 0 and <= MaxRecipientLength } || string.IsNullOrWhiteSpace(to))
        {
            return new GiftOutcome.Invalid("to", $"to must be a participant id of 1 to {MaxRecipientLength} characters.");
        }

        if (_rooms.Find(roomId) is not { } room)
        {
            return new GiftOutcome.NotFound("roomId", $"Room '{roomId}' does not exist.");
        }

        if (!_byId.TryGetValue(giftId, out var gift))
        {
            return new GiftOutcome.NotFound("giftId", $"There is no gift '{giftId}' in the catalogue (Interactive:Gifts).");
        }

        var sender = PubsubSender.Of(user);
        if (string.Equals(to, sender.Id, StringComparison.Ordinal))
        {
            return new GiftOutcome.Invalid("to", "A gift cannot go to its sender.");
        }

        string? toName;
        if (room.FindParticipant(to) is { } host)
        {
            toName = host.Name;
        }
        else if (!_connections.TryFindParticipant(roomId, to, out toName))
        {
            return new GiftOutcome.NotFound("to", $"Participant '{to}' is not in room '{roomId}' (neither a host nor a viewer on its hub).");
        }

        using (var lease = _perSender.AttemptAcquire(SenderBuckets.Key(roomId, sender.Id)))
        {
            if (!lease.IsAcquired)
            {
                return new GiftOutcome.Limited(SenderBuckets.RetryAfter(lease), "Too many gifts from this sender (Interactive:GiftsPerSecond, Interactive:GiftBurst).");
            }
        }

        var totals = await TotalsAsync(roomId, cancellationToken).ConfigureAwait(false);
        var sent = new GiftSentMessage(
            "gs_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)), roomId, gift.Id, gift.Name, gift.Value, sender.Id, sender.Name, to, _time.GetUtcNow());
        await _writer.WriteAsync(new StoreWrite.SaveGift(new StoredGift(
            sent.GiftSentId, roomId, gift.Id, gift.Name, gift.Value, sender.Id, sender.Name, to, toName, sent.At))).ConfigureAwait(false);

        // Stored: from here it is counted and announced whatever the caller does (so the write is not cancelled either).
        lock (totals)
        {
            var total = totals.GetValueOrDefault(to) ?? new Total(null, 0, 0);
            totals[to] = new Total(toName ?? total.Name, total.Value + gift.Value, total.Gifts + 1);
        }

        sent = await _notifier.PublishAsync("giftSent", sent, null, null, CancellationToken.None).ConfigureAwait(false);
        return new GiftOutcome.Sent(sent);
    }

    /// <summary>The room's <paramref name="limit"/> largest recipients by total value (then by count, then id); null when the room does not exist.</summary>
    public async Task<IReadOnlyList<GiftLeaderboardEntry>?> LeaderboardAsync(string roomId, int limit, CancellationToken cancellationToken)
    {
        if (_rooms.Find(roomId) is null)
        {
            return null;
        }

        var totals = await TotalsAsync(roomId, cancellationToken).ConfigureAwait(false);
        lock (totals)
        {
            return [.. totals
                .OrderByDescending(t => t.Value.Value)
                .ThenByDescending(t => t.Value.Gifts)
                .ThenBy(t => t.Key, StringComparer.Ordinal)
                .Take(limit)
                .Select(t => new GiftLeaderboardEntry(t.Key, t.Value.Name, t.Value.Value, t.Value.Gifts))];
        }
    }

    /// <inheritdoc />
    public void Dispose() => _perSender.Dispose();

    private async Task<Dictionary<string, Total>> TotalsAsync(string roomId, CancellationToken cancellationToken)
    {
        var loading = _totals.GetOrAdd(roomId, id => new Lazy<Task<Dictionary<string, Total>>>(() => LoadAsync(id)));
        try
        {
            return await loading.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (loading.Value.IsFaulted)
        {
            // A failed read is not kept: the next call reads again.
            _totals.TryRemove(new KeyValuePair<string, Lazy<Task<Dictionary<string, Total>>>>(roomId, loading));
            throw;
        }
    }

    private async Task<Dictionary<string, Total>> LoadAsync(string roomId)
    {
        // Not the caller's token: the load is shared by every caller asking about the room.
        var stored = await _store.LoadGiftTotalsAsync(roomId, CancellationToken.None).ConfigureAwait(false);
        return stored.ToDictionary(t => t.ParticipantId, t => new Total(t.Name, t.Total, t.Gifts), StringComparer.Ordinal);
    }

    private sealed record Total(string? Name, long Value, long Gifts);
}
