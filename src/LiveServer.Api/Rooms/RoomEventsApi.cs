using System.Text.Json;
using LiveServer.Api.Hosting;
using LiveServer.Domain.Rooms;
using LiveServer.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveServer.Api.Rooms;

/// <summary>A room's event log: <c>GET /v2/rooms/{roomId}/events?since=&amp;limit=</c> replays what a client missed.</summary>
public static class RoomEventsApi
{
    /// <summary>The most events one call returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapRoomEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/rooms/{roomId}/events", GetEventsAsync).WithTags("Rooms");
        return app;
    }

    /// <summary>
    /// The room's events with <c>seq</c> above <paramref name="since"/> (0: from the first), in order,
    /// at most <paramref name="limit"/>; <c>seq</c> in the answer is the room's newest, so a client
    /// that got fewer than that asks again from its last one.
    /// </summary>
    public static async Task<Results<Ok<RoomEventsResponse>, ValidationProblem, ProblemHttpResult>> GetEventsAsync(
        string roomId,
        RoomRegistry rooms,
        RoomSequences sequences,
        StoreWriter writer,
        ILiveStore store,
        CancellationToken cancellationToken,
        long since = 0,
        int limit = 100)
    {
        var errors = new Dictionary<string, string[]>();
        if (since < 0)
        {
            errors["since"] = ["since must be 0 or more."];
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {MaxLimit}."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (rooms.Find(roomId) is null)
        {
            return Problems.NotFound("roomId", $"Room '{roomId}' does not exist.");
        }

        // Events are stored in batches; what was published before this call is in the store after the flush.
        var current = sequences.Current(roomId);
        await writer.FlushAsync().ConfigureAwait(false);
        var events = await store.LoadEventsAsync(roomId, since, limit, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new RoomEventsResponse(
            roomId,
            Math.Max(current, events.Count > 0 ? events[^1].Seq : 0),
            [.. events.Select(e => new RoomEventEntry(e.Seq, e.Type, e.At, JsonDocument.Parse(e.DataJson).RootElement.Clone()))]));
    }
}

/// <summary>The answer of <c>GET /v2/rooms/{roomId}/events</c>.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="Seq">The room's newest event number.</param>
/// <param name="Data">The events asked for, in order.</param>
public sealed record RoomEventsResponse(string RoomId, long Seq, IReadOnlyList<RoomEventEntry> Data);

/// <summary>One stored room event.</summary>
/// <param name="Seq">Its number in the room.</param>
/// <param name="Type">The SignalR method it was pushed as (<c>hlsStateChanged</c>, <c>participantJoined</c>, …).</param>
/// <param name="At">When it happened.</param>
/// <param name="Data">The message as it was pushed (with the same <c>seq</c>).</param>
public sealed record RoomEventEntry(long Seq, string Type, DateTimeOffset At, JsonElement Data);
