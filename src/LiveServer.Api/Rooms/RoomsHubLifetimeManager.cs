using Microsoft.AspNetCore.SignalR;

namespace LiveServer.Api.Rooms;

/// <summary>
/// SignalR's in-process lifetime manager for <see cref="RoomsHub"/>, which also hands each
/// connection to <see cref="RoomFanout"/>: room events are written to connections directly, in one
/// write per batch, and a connection that stops reading is dropped without holding up the others.
/// </summary>
public sealed class RoomsHubLifetimeManager(RoomFanout fanout, ILogger<DefaultHubLifetimeManager<RoomsHub>> logger)
    : DefaultHubLifetimeManager<RoomsHub>(logger)
{
    /// <inheritdoc />
    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        fanout.Connected(connection);
        return base.OnConnectedAsync(connection);
    }

    /// <inheritdoc />
    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        fanout.Disconnected(connection.ConnectionId);
        return base.OnDisconnectedAsync(connection);
    }
}
