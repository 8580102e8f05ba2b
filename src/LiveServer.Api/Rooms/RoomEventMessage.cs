namespace LiveServer.Api.Rooms;

/// <summary>
/// What every room event carries: its room, its number in the room (<c>seq</c>, from 1, without
/// gaps) and when it happened. <c>GET /v2/rooms/{roomId}/events?since=</c> replays them.
/// </summary>
/// <param name="RoomId">The room.</param>
/// <param name="At">When it happened.</param>
public abstract record RoomEventMessage(string RoomId, DateTimeOffset At)
{
    /// <summary>The event's number in its room.</summary>
    public long Seq { get; init; }
}
