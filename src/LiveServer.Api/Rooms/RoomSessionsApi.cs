using LiveServer.Api.Hosting;
using LiveServer.Domain.Rooms;
using LiveServer.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveServer.Api.Rooms;

/// <summary>Who was in a room and when: <c>GET /v2/rooms/{roomId}/sessions</c>, newest first.</summary>
public static class RoomSessionsApi
{
    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapRoomSessionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/rooms/{roomId}/sessions", GetSessionsAsync).WithTags("Rooms");
        return app;
    }

    /// <summary>Every participant's stays in the room, newest first; <c>leftAt</c> is null while it is here.</summary>
    public static async Task<Results<Ok<ParticipantSessionResponse[]>, ProblemHttpResult>> GetSessionsAsync(
        string roomId, RoomRegistry rooms, StoreWriter writer, ILiveStore store, CancellationToken cancellationToken)
    {
        if (rooms.Find(roomId) is null)
        {
            return Problems.NotFound("roomId", $"Room '{roomId}' does not exist.");
        }

        await writer.FlushAsync().ConfigureAwait(false);
        var stays = await store.LoadSessionsAsync(roomId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(stays.Select(s => new ParticipantSessionResponse(s.Id, s.ParticipantId, s.Name, s.Kind, s.JoinedAt, s.LeftAt)).ToArray());
    }
}

/// <summary>One stay of a participant in a room.</summary>
/// <param name="Id">The stay's id.</param>
/// <param name="ParticipantId">The participant.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Kind"><c>webrtc</c> or <c>test</c>.</param>
/// <param name="JoinedAt">When it joined.</param>
/// <param name="LeftAt">When it left; null while it is in the room.</param>
public sealed record ParticipantSessionResponse(string Id, string ParticipantId, string Name, string Kind, DateTimeOffset JoinedAt, DateTimeOffset? LeftAt);
