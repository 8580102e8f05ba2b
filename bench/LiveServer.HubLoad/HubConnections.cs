using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveServer.HubLoad;

/// <summary>
/// Connections to <c>/hubs/rooms</c> as the bench opens them: WebSockets only, negotiation skipped
/// (one HTTP upgrade per connection), the token in the Authorization header, the client's default
/// keep-alive (15 s) and server timeout (30 s), and no automatic reconnect, so a dropped connection
/// stays dropped and is counted.
/// </summary>
internal static class HubConnections
{
    public static HubConnection Create(Uri server, string token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/rooms"), HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
}
