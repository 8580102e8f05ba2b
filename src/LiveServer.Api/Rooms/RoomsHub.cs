using LiveServer.Api.Auth;
using LiveServer.Domain.Rooms;
using Microsoft.AspNetCore.SignalR;

namespace LiveServer.Api.Rooms;

/// <summary>
/// The realtime channel at <c>/hubs/rooms</c>. A client calls <c>JoinRoom(roomId)</c> and from then on
/// receives the room's events: <c>hlsStateChanged</c>, <c>participantJoined</c>, <c>participantLeft</c>.
/// Connecting needs any valid token (the JavaScript client sends it as <c>access_token</c>); a token
/// restricted to a room joins only that room.
/// </summary>
public sealed class RoomsHub(RoomRegistry rooms, RoomSequences sequences) : Hub
{
    /// <summary>The SignalR group of a room.</summary>
    public static string GroupOf(string roomId) => "room:" + roomId;

    /// <summary>
    /// Subscribes the caller to a room's events and answers with the room's newest event number: every
    /// event pushed after this carries a higher <c>seq</c>, and <c>GET /v2/rooms/{roomId}/events?since=</c>
    /// gives the ones before it.
    /// </summary>
    public async Task<JoinRoomResult> JoinRoom(string roomId)
    {
        if (Context.User is not { } user || !user.AllowsRoom(roomId))
        {
            throw new HubException($"This token does not allow room '{roomId}'.");
        }

        if (rooms.Find(roomId) is null)
        {
            throw new HubException($"Room '{roomId}' does not exist.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(roomId)).ConfigureAwait(false);
        return new JoinRoomResult(roomId, sequences.Current(roomId));
    }

    /// <summary>Unsubscribes the caller from a room's events.</summary>
    public Task LeaveRoom(string roomId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupOf(roomId));
}

/// <summary>What <c>JoinRoom</c> answers.</summary>
/// <param name="RoomId">The room joined.</param>
/// <param name="Seq">The room's newest event number at the time of joining.</param>
public sealed record JoinRoomResult(string RoomId, long Seq);
