using System.Collections.Concurrent;
using System.Security.Claims;
using LiveServer.Api.Auth;
using LiveServer.Api.Rooms;
using LiveServer.Domain.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Interactive;

/// <summary>
/// Bringing viewers on stage. A viewer in the room raises its hand (<c>stageRequested</c>) or lowers it
/// (<c>stageRequestCancelled</c>, also when its last connection leaves the room); a moderator invites a
/// connected viewer: the viewer's own hub connections get <c>stageInvite</c> with a freshly minted,
/// short-lived <c>rtc</c> token for the room and that participant id, and the room gets the token-less
/// <c>stageInvited</c>. The viewer then publishes over WHIP like any host and joins the composite. A
/// moderator's removal ends the participant's WHIP session (it leaves the room: <c>participantLeft</c>)
/// and announces <c>stageRemoved</c>. Raised hands live in memory: after a restart viewers raise them again.
/// Each room's changes are serialized by its own gate, so its stage events are in the order of its state.
/// </summary>
public sealed partial class StageService(
    RoomRegistry rooms,
    RoomNotifier notifier,
    RoomConnections connections,
    RoomBans bans,
    IHubContext<RoomsHub> hub,
    IOptions<AuthOptions> auth,
    IOptions<StageOptions> options,
    TimeProvider time,
    ILogger<StageService> logger)
{
    /// <summary>The longest participant id accepted.</summary>
    public const int MaxParticipantIdLength = 200;

    /// <summary>How long pushing an invite to the viewer's connections may take.</summary>
    public static readonly TimeSpan SendTimeout = RoomNotifier.SendTimeout;

    private readonly ConcurrentDictionary<string, RoomStage> _rooms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string RoomId, string ParticipantId), DateTimeOffset> _removedAt = new();
    private readonly Lazy<JwtTokenIssuer> _issuer = new(() => new JwtTokenIssuer(auth.Value.Secret!));

    /// <summary>The raised hands of <paramref name="roomId"/>, oldest first (each is its <c>stageRequested</c> event).</summary>
    public IReadOnlyList<StageEventMessage> Requests(string roomId)
    {
        if (!_rooms.TryGetValue(roomId, out var stage))
        {
            return [];
        }

        lock (stage.Hands)
        {
            return [.. stage.Hands.Values.OrderBy(h => h.Seq)];
        }
    }

    /// <summary>
    /// <paramref name="user"/>'s connection <paramref name="connectionId"/>, joined to the room, raises
    /// its hand: <c>stageRequested</c>. Only viewers (a host is on stage already) whose token names a
    /// participant; a hand raised already is answered with its event and not announced again.
    /// </summary>
    public async Task<StageOutcome> RequestAsync(string roomId, ClaimsPrincipal user, string connectionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (rooms.Find(roomId) is not { } room)
        {
            return RoomNotFound(roomId);
        }

        if (user.HasClaim(TokenAccess.RolesClaim, TokenClaims.RtcRole))
        {
            return new StageOutcome.Refused("A host (role rtc) is on stage already; only viewers raise a hand.");
        }

        if (!user.HasClaim(TokenAccess.RolesClaim, TokenClaims.ViewerRole))
        {
            return new StageOutcome.Refused("Only viewers (role viewer) raise a hand.");
        }

        if (!user.AllowsRoom(roomId) || !connections.HasJoined(connectionId, roomId))
        {
            return new StageOutcome.Refused($"Join room '{roomId}' with a token that allows it before raising a hand in it.");
        }

        if (user.RestrictedParticipant() is not { } participantId)
        {
            return new StageOutcome.Invalid("participantId", "Raising a hand needs a token that names a participantId (the id the viewer would publish as).");
        }

        if (await bans.RefusesAsync(roomId, user, cancellationToken).ConfigureAwait(false))
        {
            return new StageOutcome.Refused($"This token does not allow room '{roomId}'.");
        }

        if (room.FindParticipant(participantId) is not null)
        {
            return OnStage(roomId, participantId);
        }

        var stage = _rooms.GetOrAdd(roomId, _ => new RoomStage());
        await stage.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (stage.Hands)
            {
                if (stage.Hands.TryGetValue(participantId, out var raised))
                {
                    return new StageOutcome.Done(raised);
                }
            }

            var name = StageName(user.DisplayName(), participantId);
            var requested = await notifier.PublishAsync(
                "stageRequested", new StageEventMessage(roomId, participantId, name, time.GetUtcNow()), null, null, cancellationToken).ConfigureAwait(false);
            lock (stage.Hands)
            {
                stage.Hands[participantId] = requested;
            }

            return new StageOutcome.Done(requested);
        }
        finally
        {
            stage.Gate.Release();
        }
    }

    /// <summary>Lowers <paramref name="participantId"/>'s hand (<c>stageRequestCancelled</c>); null when it had none raised.</summary>
    public async Task<StageEventMessage?> CancelRequestAsync(string roomId, string participantId, CancellationToken cancellationToken)
    {
        if (!_rooms.TryGetValue(roomId, out var stage))
        {
            return null;
        }

        await stage.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            StageEventMessage? raised;
            lock (stage.Hands)
            {
                stage.Hands.Remove(participantId, out raised);
            }

            return raised is null
                ? null
                : await notifier.PublishAsync(
                    "stageRequestCancelled", new StageEventMessage(roomId, participantId, raised.Name, time.GetUtcNow()), null, null, cancellationToken)
                    .ConfigureAwait(false);
        }
        finally
        {
            stage.Gate.Release();
        }
    }

    /// <summary>A connection of <paramref name="participantId"/> left <paramref name="roomId"/>: its hand is lowered once none is left there.</summary>
    public async Task LeftAsync(string roomId, string participantId)
    {
        if (!_rooms.TryGetValue(roomId, out var stage) || connections.ConnectionsOf(roomId, participantId).Count > 0)
        {
            return;
        }

        bool raised;
        lock (stage.Hands)
        {
            raised = stage.Hands.ContainsKey(participantId);
        }

        if (raised)
        {
            await CancelRequestAsync(roomId, participantId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Invites <paramref name="viewerId"/>, a viewer connected to the room's hub, on stage: mints its
    /// <c>rtc</c> token (<see cref="StageOptions.StageTokenLifetime"/>), pushes <c>stageInvite</c> to its
    /// connections only, lowers its hand and announces <c>stageInvited</c> (without the token) to the room.
    /// <paramref name="baseUrl"/> is the scheme, host and path base the viewer reaches the server at.
    /// </summary>
    public async Task<StageOutcome> InviteAsync(string roomId, string? viewerId, string baseUrl, CancellationToken cancellationToken)
    {
        if (ParticipantIdError(viewerId) is { } invalid)
        {
            return invalid;
        }

        var participantId = viewerId!;

        if (rooms.Find(roomId) is not { } room)
        {
            return RoomNotFound(roomId);
        }

        if (await bans.IsBannedAsync(roomId, participantId, cancellationToken).ConfigureAwait(false))
        {
            return new StageOutcome.Conflict("participantId", $"Participant '{participantId}' is banned from room '{roomId}'; unban it first.");
        }

        if (room.FindParticipant(participantId) is not null)
        {
            return OnStage(roomId, participantId);
        }

        var viewerConnections = connections.ConnectionsOf(roomId, participantId);
        if (viewerConnections.Count == 0)
        {
            return new StageOutcome.NotFound(
                "participantId", $"Viewer '{participantId}' is not connected to room '{roomId}': it must have joined the room on the hub to be invited.");
        }

        _removedAt.TryRemove((roomId, participantId), out _);
        var stage = _rooms.GetOrAdd(roomId, _ => new RoomStage());
        StageEventMessage? raised;
        lock (stage.Hands)
        {
            raised = stage.Hands.GetValueOrDefault(participantId);
        }

        connections.TryFindParticipant(roomId, participantId, out var tokenName);
        var invite = Mint(roomId, participantId, raised?.Name ?? StageName(tokenName, participantId), baseUrl);
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(SendTimeout);
            await hub.Clients.Clients(viewerConnections).SendAsync("stageInvite", invite, timeout.Token).ConfigureAwait(false);
        }

        LogInvited(roomId, participantId, viewerConnections.Count, invite.ExpiresAt);
        await stage.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (stage.Hands)
            {
                stage.Hands.Remove(participantId);
            }

            await notifier.PublishAsync("stageInvited", new StageEventMessage(roomId, participantId, invite.Name, invite.At), null, null, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            stage.Gate.Release();
        }

        return new StageOutcome.Invited(invite);
    }

    /// <summary>
    /// Takes participant <paramref name="id"/> off the stage: it leaves the room (its WHIP session is ended
    /// as a DELETE on it would; <c>participantLeft</c>) and the room gets <c>stageRemoved</c>.
    /// </summary>
    public async Task<StageOutcome> RemoveAsync(string roomId, string? id, CancellationToken cancellationToken)
    {
        if (ParticipantIdError(id) is { } invalid)
        {
            return invalid;
        }

        var participantId = id!;

        if (rooms.Find(roomId) is not { } room)
        {
            return RoomNotFound(roomId);
        }

        if (room.Remove(participantId) is not { } participant)
        {
            return new StageOutcome.NotFound("participantId", $"Participant '{participantId}' is not on stage in room '{roomId}'.");
        }

        // Tokens issued until now no longer publish here, or the guest could come straight back with its invite.
        _removedAt[(roomId, participantId)] = time.GetUtcNow();

        // Stops the source: for a WebRTC host that closes its peer session, which ends the WHIP session.
        await participant.DisposeAsync().ConfigureAwait(false);
        var removed = await notifier.PublishAsync(
            "stageRemoved", new StageEventMessage(roomId, participant.Id, participant.Name, time.GetUtcNow()), null, null, cancellationToken)
            .ConfigureAwait(false);
        return new StageOutcome.Done(removed);
    }

    /// <summary>
    /// True when <paramref name="user"/>'s token was issued before its participant was last removed
    /// from the stage of <paramref name="roomId"/> (a token without <c>iat</c> counts as issued before):
    /// such a token may not publish into the room again; a new invite, or any token issued after the
    /// removal, may.
    /// </summary>
    public bool RefusesPublishing(string roomId, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.RestrictedParticipant() is { } participantId
            && _removedAt.TryGetValue((roomId, participantId), out var removedAt)
            && (user.IssuedAt() is not { } issuedAt || issuedAt.ToUnixTimeSeconds() <= removedAt.ToUnixTimeSeconds());
    }

    /// <summary>The 400 for a participant id that is missing, blank or longer than <see cref="MaxParticipantIdLength"/>.</summary>
    internal static StageOutcome.Invalid? ParticipantIdError(string? participantId) =>
        participantId is { Length: > 0 and <= MaxParticipantIdLength } && !string.IsNullOrWhiteSpace(participantId)
            ? null
            : new StageOutcome.Invalid("participantId", $"participantId must be 1 to {MaxParticipantIdLength} characters.");

    private StageInvite Mint(string roomId, string participantId, string name, string baseUrl)
    {
        var now = time.GetUtcNow();
        var apiKey = auth.Value.ApiKey is { Length: > 0 } key ? key : null;
        var claims = TokenClaims.ForRoles([TokenClaims.RtcRole], now, options.Value.StageTokenLifetime, roomId, participantId, apiKey, name);
        var whipUrl = $"{baseUrl.TrimEnd('/')}/v2/rooms/{Uri.EscapeDataString(roomId)}/whip?name={Uri.EscapeDataString(name)}";

        // The token carries whole seconds; the invite says when it really expires.
        return new StageInvite(
            roomId, participantId, name, _issuer.Value.Issue(claims), whipUrl, DateTimeOffset.FromUnixTimeSeconds(claims.Expires.ToUnixTimeSeconds()), now);
    }

    /// <summary>The token's display name when WHIP accepts it as a name (1–64 printable characters), else the participant id when that fits, else Guest.</summary>
    private static string StageName(string? name, string participantId)
    {
        static bool Fits(string? text) => text is { Length: >= 1 and <= 64 } && !string.IsNullOrWhiteSpace(text) && !text.Any(char.IsControl);
        return Fits(name?.Trim()) ? name!.Trim() : Fits(participantId) ? participantId : "Guest";
    }

    private static StageOutcome.NotFound RoomNotFound(string roomId) => new("roomId", $"Room '{roomId}' does not exist.");

    private static StageOutcome.Conflict OnStage(string roomId, string participantId) =>
        new("participantId", $"Participant '{participantId}' is on stage in room '{roomId}' already.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Invited {ParticipantId} on stage in room {RoomId} ({Connections} connections); the token expires at {ExpiresAt}")]
    private partial void LogInvited(string roomId, string participantId, int connections, DateTimeOffset expiresAt);

    /// <summary>A room's raised hands and the gate that orders its stage events.</summary>
    private sealed class RoomStage
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Dictionary<string, StageEventMessage> Hands { get; } = new(StringComparer.Ordinal);
    }
}
