namespace LiveServer.Api.Rooms;

/// <summary>Delivers a batch of one room's events to its connections (<see cref="RoomFanout"/>).</summary>
public interface IRoomFanout
{
    /// <summary>Hands <paramref name="events"/>, in order, to every connection that joined <paramref name="roomId"/>; returns without waiting for them.</summary>
    void Send(string roomId, IReadOnlyList<(string Method, object Message)> events);
}
