using LiveServer.Api.Auth;
using LiveServer.Api.Interactive;
using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Rooms;
using Microsoft.AspNetCore.SignalR;

namespace LiveServer.Api.Rooms;

/// <summary>
/// The realtime channel at <c>/hubs/rooms</c>. A client calls <c>JoinRoom(roomId)</c> and from then on
/// receives the room's events: <c>hlsStateChanged</c>, <c>participantJoined</c>, <c>participantLeft</c>,
/// <c>pubsubMessage</c>, <c>messageDeleted</c>, <c>participantBanned</c>, <c>stageRequested</c>, … and may
/// <c>Publish(roomId, topic, message, {persist})</c> in it. A viewer may <c>RequestStage(roomId)</c> (raise
/// its hand) and <c>CancelStageRequest(roomId)</c>; a moderator may <c>InviteToStage(roomId, viewerId)</c>
/// (only that viewer's connections get <c>stageInvite</c>, with its publishing token) and
/// <c>RemoveFromStage(roomId, participantId)</c>. Connecting needs any valid token (the JavaScript client
/// sends it as <c>access_token</c>); a token restricted to a room joins only that room, and a participant
/// banned from a room cannot join it (its open connections are closed by the ban).
/// </summary>
public sealed class RoomsHub(
    RoomRegistry rooms,
    RoomSequences sequences,
    RoomConnections connections,
    RoomBans bans,
    PubsubService pubsub,
    ReactionCounter reactions,
    ViewerCounter viewers,
    PollService polls,
    StageService stage,
    LivestreamRegistry livestreams,
    Livestreams.LivestreamService livestreamService,
    HlsUrlSigner signer,
    RoomFanout fanout) : Hub
{
    /// <summary>
    /// Subscribes the caller to a room's events and answers with a snapshot of the room (hosts, the
    /// running livestream with its URLs, viewer count, the last chat messages, the open polls with their
    /// counts, the raised hands) and its newest event
    /// number: every event pushed after this carries a higher <c>seq</c>, and
    /// <c>GET /v2/rooms/{roomId}/events?since=</c> gives the ones before it.
    /// </summary>
    public async Task<JoinRoomResult> JoinRoom(string roomId)
    {
        if (Context.User is not { } user || !user.AllowsRoom(roomId))
        {
            throw new HubException($"This token does not allow room '{roomId}'.");
        }

        if (rooms.Find(roomId) is not { } room)
        {
            throw new HubException($"Room '{roomId}' does not exist.");
        }

        // Registered before the ban check: a ban landing meanwhile either is seen here or closes this connection.
        connections.Joined(Context, roomId);
        if (await bans.RefusesAsync(roomId, user, Context.ConnectionAborted).ConfigureAwait(false))
        {
            connections.Left(Context.ConnectionId, roomId);
            throw new HubException($"This token does not allow room '{roomId}'.");
        }

        fanout.Join(roomId, Context.ConnectionId);

        // A livestream's template page is the server's own client, not a viewer.
        if (!Templates.TemplatePages.IsTemplate(user.RestrictedParticipant()))
        {
            viewers.HubJoined(roomId, Context.ConnectionId, Context.GetHttpContext() is { } http ? Livestreams.HlsFiles.ClientKey(http) : Context.ConnectionId);
        }

        // Numbered before the snapshot is read: an event after this number is either in the snapshot
        // already or arrives after it; a client applies events above Seq and tolerates seeing one twice.
        var seq = sequences.Current(roomId);
        var chat = await pubsub.LatestAsync(roomId, "CHAT", JoinRoomResult.ChatMessages, Context.ConnectionAborted).ConfigureAwait(false);
        var open = await polls.ListAsync(roomId, "open", Context.ConnectionAborted).ConfigureAwait(false) ?? [];
        return new JoinRoomResult(
            roomId, seq, [.. room.Participants.Select(SnapshotParticipant.From)], Running(roomId), viewers.Count(roomId).Count, chat, open,
            stage.Requests(roomId));
    }

    /// <summary>Unsubscribes the caller from a room's events (and lowers its hand there, when it was its last connection in the room).</summary>
    public async Task LeaveRoom(string roomId)
    {
        connections.Left(Context.ConnectionId, roomId);
        viewers.HubLeft(roomId, Context.ConnectionId);
        fanout.Leave(roomId, Context.ConnectionId);
        if (Context.User?.RestrictedParticipant() is { } participantId)
        {
            await stage.LeftAsync(roomId, participantId).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A viewer in a room it joined raises its hand to come on stage; the room gets <c>stageRequested</c>
    /// (the answer, with its <c>seq</c>; raising it again answers the same). Hosts (role <c>rtc</c>) are on
    /// stage already, and the token must name a participant: otherwise a <see cref="HubException"/>.
    /// </summary>
    public async Task<StageEventMessage> RequestStage(string roomId)
    {
        if (Context.User is not { } user)
        {
            throw new HubException($"This token does not allow room '{roomId}'.");
        }

        return await stage.RequestAsync(roomId, user, Context.ConnectionId, Context.ConnectionAborted).ConfigureAwait(false) switch
        {
            StageOutcome.Done(var requested) => requested,
            var refused => throw Refusal(refused),
        };
    }

    /// <summary>The caller lowers its raised hand (<c>stageRequestCancelled</c>); nothing happens when it had none.</summary>
    public async Task CancelStageRequest(string roomId)
    {
        if (Context.User?.RestrictedParticipant() is not { } participantId || !Context.User.AllowsRoom(roomId))
        {
            throw new HubException("Lowering a hand needs a token that names a participantId and allows the room.");
        }

        await stage.CancelRequestAsync(roomId, participantId, Context.ConnectionAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Moderators: invites <paramref name="viewerId"/>, a viewer connected to the room, on stage. Only its
    /// connections get <c>stageInvite</c> (with a short-lived <c>rtc</c> token and the WHIP URL); the room
    /// gets <c>stageInvited</c> without the token. Answers the invite. A viewer that is not connected, one on
    /// stage already or banned, or a caller that is not a moderator of the room: a <see cref="HubException"/>.
    /// </summary>
    public async Task<StageInvite> InviteToStage(string roomId, string viewerId)
    {
        EnsureModerator(roomId);
        var baseUrl = Context.GetHttpContext() is { } http ? livestreamService.BaseUrlFor(http.Request) : string.Empty;
        return await stage.InviteAsync(roomId, viewerId, baseUrl, Context.ConnectionAborted).ConfigureAwait(false) switch
        {
            StageOutcome.Invited(var invite) => invite,
            var refused => throw Refusal(refused),
        };
    }

    /// <summary>
    /// Moderators: takes <paramref name="participantId"/> off the stage: its WHIP session ends (it leaves
    /// the room and the composite: <c>participantLeft</c>) and the room gets <c>stageRemoved</c>, which this answers.
    /// </summary>
    public async Task<StageEventMessage> RemoveFromStage(string roomId, string participantId)
    {
        EnsureModerator(roomId);
        return await stage.RemoveAsync(roomId, participantId, Context.ConnectionAborted).ConfigureAwait(false) switch
        {
            StageOutcome.Done(var removed) => removed,
            var refused => throw Refusal(refused),
        };
    }

    /// <summary>
    /// A reaction in a room the caller joined (<c>heart</c>, <c>clap</c>, …): counted with the room's
    /// others and pushed as <c>reactions</c>; a type that is not configured, or more than the sender's
    /// rate, is a <see cref="HubException"/>.
    /// </summary>
    public async Task React(string roomId, string type)
    {
        if (Context.User is not { } user || !user.MayTakePart() || !user.AllowsRoom(roomId) || !connections.HasJoined(Context.ConnectionId, roomId))
        {
            throw new HubException($"Join room '{roomId}' with a token that allows it before reacting in it.");
        }

        if (await bans.RefusesAsync(roomId, user, Context.ConnectionAborted).ConfigureAwait(false))
        {
            throw new HubException($"This token does not allow room '{roomId}'.");
        }

        if (!reactions.IsKnown(type))
        {
            throw new HubException($"type must be one of {string.Join(", ", reactions.Types)}.");
        }

        if (!reactions.TryAdd(roomId, type, user.RestrictedParticipant() ?? Context.ConnectionId))
        {
            throw new HubException("Too many reactions from this sender; at most Interactive:ReactionsPerSecond a second. Retry after 1 s.");
        }
    }

    /// <summary>
    /// Publishes <paramref name="message"/> on <paramref name="topic"/> of a room the caller joined
    /// (viewers, hosts and moderators); everyone in the room gets it as <c>pubsubMessage</c>, and this
    /// answers with it (its <c>id</c> and <c>seq</c>). The room is named explicitly, not taken from the
    /// last join, since a moderator's connection may be in several rooms. Refusals (bad topic, message
    /// over 500 characters, over the sender's rate, banned, room not joined) are <see cref="HubException"/>s.
    /// </summary>
    public async Task<PubsubMessage> Publish(string roomId, string topic, string message, PublishOptions? options)
    {
        if (Context.User is not { } user || !user.MayTakePart() || !user.AllowsRoom(roomId))
        {
            throw new HubException($"This token does not allow publishing in room '{roomId}'.");
        }

        if (!connections.HasJoined(Context.ConnectionId, roomId))
        {
            throw new HubException($"Join room '{roomId}' before publishing in it.");
        }

        var address = Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString() ?? "local";
        var outcome = await pubsub.PublishAsync(roomId, topic, message, options?.Persist ?? false, user, address, Context.ConnectionAborted)
            .ConfigureAwait(false);
        return outcome switch
        {
            PublishOutcome.Published(var published) => published,
            PublishOutcome.Invalid(var field, var detail) => throw new HubException($"{field}: {detail}"),
            PublishOutcome.RoomNotFound => throw new HubException($"Room '{roomId}' does not exist."),
            PublishOutcome.Banned => throw new HubException($"This token does not allow publishing in room '{roomId}'."),
            PublishOutcome.Limited(var retryAfter, var detail) => throw new HubException($"{detail} Retry after {Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds))} s."),
            _ => throw new System.Diagnostics.UnreachableException($"Unknown outcome {outcome}."),
        };
    }

    private SnapshotLivestream? Running(string roomId)
    {
        if (livestreams.FindActive(roomId) is not { } livestream)
        {
            return null;
        }

        var playable = livestream.Status is LivestreamStatus.Playable or LivestreamStatus.Stopping;
        return new SnapshotLivestream(
            livestream.Id,
            livestream.Status,
            playable ? signer.SignUrl(livestream.BaseUrl + livestream.PlaybackHlsPath, livestream.Id) : null,
            playable ? signer.SignUrl(livestream.BaseUrl + livestream.LivestreamPath, livestream.Id) : null);
    }

    /// <inheritdoc />
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var joined = connections.Disconnected(Context.ConnectionId);
        viewers.HubDisconnected(Context.ConnectionId);
        if (Context.User?.RestrictedParticipant() is { } participantId)
        {
            foreach (var roomId in joined)
            {
                await stage.LeftAsync(roomId, participantId).ConfigureAwait(false);
            }
        }

        await base.OnDisconnectedAsync(exception).ConfigureAwait(false);
    }

    private void EnsureModerator(string roomId)
    {
        if (Context.User is not { } user || !user.MayModerate() || !user.AllowsRoom(roomId))
        {
            throw new HubException($"Only a moderator of room '{roomId}' (role crawler or permission allow_mod) may invite to or remove from its stage.");
        }
    }

    private static HubException Refusal(StageOutcome outcome) => outcome switch
    {
        StageOutcome.Invalid(var field, var detail) => new HubException($"{field}: {detail}"),
        StageOutcome.NotFound(var field, var detail) => new HubException($"{field}: {detail}"),
        StageOutcome.Conflict(var field, var detail) => new HubException($"{field}: {detail}"),
        StageOutcome.Refused(var detail) => new HubException(detail),
        _ => new HubException($"Unexpected outcome {outcome.GetType().Name}."),
    };
}
