using LiveServer.Api.Auth;
using LiveServer.Api.Livestreams;
using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Participants;
using LiveServer.Domain.Rooms;
using LiveServer.Media.Livestreams;
using Microsoft.AspNetCore.SignalR;

namespace LiveServer.Api.Rooms;

/// <summary>Sends room events to the room's SignalR group.</summary>
public sealed class RoomNotifier(IHubContext<RoomsHub> hub, HlsUrlSigner signer, TimeProvider time, ILogger<RoomNotifier> logger)
{
    /// <summary>Announces a livestream's current status (with its URLs once playable, signed when playback needs it).</summary>
    public async Task HlsStateChangedAsync(Livestream livestream, string baseUrl, CancellationToken cancellationToken)
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
        await SendAsync(livestream.RoomId, "hlsStateChanged", message, cancellationToken).ConfigureAwait(false);
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

    private async Task SendAsync(string roomId, string method, object message, CancellationToken cancellationToken)
    {
        try
        {
            await hub.Clients.Group(RoomsHub.GroupOf(roomId)).SendAsync(method, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not send {Method} for room {RoomId}", method, roomId);
        }
    }
}
