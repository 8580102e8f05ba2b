using LiveServer.Api.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace LiveServer.Api.Tests.Auth;

/// <summary>
/// Every endpoint whose route names a room is room-scoped (<see cref="RoomScopedAttribute"/>) or says it
/// spans rooms (<see cref="AllowAnyRoomAttribute"/>), so a new endpoint cannot escape a token's room
/// restriction by being mapped outside the groups that add it.
/// </summary>
public sealed class RoomScopeCoverageTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    [Fact]
    public void EveryEndpointWithARoomIdRouteParameter_IsRoomScopedOrAllowsAnyRoom()
    {
        var endpoints = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints;

        var withRoom = endpoints.OfType<RouteEndpoint>().Where(NamesARoom).ToList();

        Assert.Contains(withRoom, e => e.RoutePattern.RawText == "/v2/rooms/{roomId}/whip" && e.Metadata.GetMetadata<RoomScopedAttribute>() is not null);
        Assert.Contains(withRoom, e => e.RoutePattern.RawText?.EndsWith("/{roomId}/reactions", StringComparison.Ordinal) == true);
        Assert.Empty(Unscoped(endpoints).Select(e => e.DisplayName));
    }

    [Fact]
    public void Unscoped_FindsARoomRouteWithoutTheMetadata_AndNotOneWithIt()
    {
        var bare = Endpoint("/v2/rooms/{roomId}/new-thing");
        var scoped = Endpoint("/v2/rooms/{roomId}/scoped", new RoomScopedAttribute());
        var spanning = Endpoint("/v2/rooms/{RoomId}/spanning", new AllowAnyRoomAttribute());
        var roomless = Endpoint("/v2/hls/{id}");

        Assert.Equal([bare], Unscoped([bare, scoped, spanning, roomless]));
    }

    private static IEnumerable<RouteEndpoint> Unscoped(IEnumerable<Endpoint> endpoints) =>
        endpoints.OfType<RouteEndpoint>()
            .Where(NamesARoom)
            .Where(e => e.Metadata.GetMetadata<RoomScopedAttribute>() is null && e.Metadata.GetMetadata<AllowAnyRoomAttribute>() is null);

    private static bool NamesARoom(RouteEndpoint endpoint) =>
        endpoint.RoutePattern.Parameters.Any(p => string.Equals(p.Name, "roomId", StringComparison.OrdinalIgnoreCase));

    private static RouteEndpoint Endpoint(string pattern, params object[] metadata) =>
        new(_ => Task.CompletedTask, RoutePatternFactory.Parse(pattern), 0, new EndpointMetadataCollection(metadata), pattern);
}
