using System.Net;
using System.Net.Http.Json;
using System.Text;
using LiveServer.Api.Auth;
using LiveServer.TestKit;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveServer.Api.Tests.Auth;

/// <summary>A viewer token (role <c>viewer</c>, one room): the room's hub and audience calls, nothing else.</summary>
public sealed class ViewerAccessTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private readonly LiveServerFactory _factory = fixture.Factory;

    [Fact]
    public async Task Rest_ViewerToken_403OnEveryControlEndpoint()
    {
        var roomId = await _factory.CreateClient().CreateRoomAsync();
        using var viewer = _factory.CreateClientWith("Bearer " + Viewer(roomId));

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/v2/hls/start", new { roomId })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/v2/hls/end", new { roomId })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/v2/rooms", new { customRoomId = roomId })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/v2/rooms/{roomId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/v2/rooms/{roomId}/participants")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/test-participants", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/v2/hls?roomId={roomId}")).StatusCode);
        var response = await viewer.GetAsync($"/v2/rooms/{roomId}/events");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("The access token does not allow this request.", (await response.ProblemAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Whip_ViewerTokenForTheRoom_403()
    {
        var roomId = await _factory.CreateClient().CreateRoomAsync();
        using var viewer = _factory.CreateClientWith("Bearer " + Viewer(roomId));

        var response = await viewer.PostAsync($"/v2/rooms/{roomId}/whip", new StringContent(WhipApiTests.Offer, Encoding.UTF8, "application/sdp"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Hub_ViewerToken_JoinsItsRoomOnly()
    {
        var client = _factory.CreateClient();
        var roomId = await client.CreateRoomAsync();
        var otherRoomId = await client.CreateRoomAsync();
        await using var connection = _factory.CreateHubConnection(Viewer(roomId));
        await connection.StartAsync();

        await connection.InvokeAsync<object>("JoinRoom", roomId);
        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<object>("JoinRoom", otherRoomId));

        Assert.Contains("does not allow room", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reactions_ViewerToken_AcceptedInItsRoom_403InAnother()
    {
        var client = _factory.CreateClient();
        var roomId = await client.CreateRoomAsync();
        var otherRoomId = await client.CreateRoomAsync();
        using var viewer = _factory.CreateClientWith("Bearer " + Viewer(roomId));

        Assert.Equal(HttpStatusCode.Accepted, (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/reactions", new { type = "heart" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/v2/rooms/{otherRoomId}/reactions", new { type = "heart" })).StatusCode);
    }

    [Fact]
    public async Task Reactions_TokenWithoutAnAudienceRole_403()
    {
        var roomId = await _factory.CreateClient().CreateRoomAsync();
        var roleless = TestTokens.Issue(new TokenClaims([], [], DateTimeOffset.UtcNow.AddHours(1), RoomId: roomId));
        using var client = _factory.CreateClientWith("Bearer " + roleless);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/v2/rooms/{roomId}/reactions", new { type = "heart" })).StatusCode);
    }

    private static string Viewer(string roomId) =>
        TestTokens.Issue(TokenClaims.ForRoles([TokenClaims.ViewerRole], DateTimeOffset.UtcNow, TimeSpan.FromHours(1), roomId, "viewer-1", name: "Ann"));
}
