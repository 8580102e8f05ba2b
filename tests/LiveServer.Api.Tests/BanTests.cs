using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveServer.Api.Tests;

/// <summary>Bans reach the stage (a banned host's WHIP session ends, its WHIP posts are refused), and unbans let it back.</summary>
public sealed class BanTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task Ban_OfAHostOnStage_EndsItsWhipSession_RefusesItsWhipPost_UnbanLetsItBackIn()
    {
        var roomId = await _client.CreateRoomAsync();
        var other = await _client.CreateRoomAsync();
        await using var moderator = await RoomMember.JoinAsync(_factory, roomId, TestTokens.Default);
        var hostToken = TestTokens.Rtc(participantId: "host-h");
        var whip = await StageTests.PostOfferAsync(_client, $"/v2/rooms/{roomId}/whip?name=Hal", hostToken);
        Assert.Equal(HttpStatusCode.Created, whip.StatusCode);
        await moderator.NextAsync("participantJoined", "host-h");

        var ban = await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/bans", new { participantId = "host-h" });

        Assert.Equal(HttpStatusCode.OK, ban.StatusCode);
        Assert.True((await ban.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leftStage").GetBoolean());
        await moderator.NextAsync("participantBanned", "host-h");
        await moderator.NextAsync("participantLeft", "host-h");
        Assert.Equal(0, (await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync(whip.Headers.Location)).StatusCode);

        // Its next WHIP post is refused in this room, not in another.
        var refused = await StageTests.PostOfferAsync(_client, $"/v2/rooms/{roomId}/whip?name=Hal", hostToken);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("*", refused.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("banned", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants")).GetArrayLength());
        var elsewhere = await StageTests.PostOfferAsync(_client, $"/v2/rooms/{other}/whip", hostToken);
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
        await _client.DeleteAsync(elsewhere.Headers.Location);

        var listed = await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/bans");
        Assert.Equal(["host-h"], listed.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("participantId").GetString()));

        // Unbanned: announced, no longer listed, and the same token publishes again.
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/v2/rooms/{roomId}/bans/host-h")).StatusCode);
        await moderator.NextAsync("participantUnbanned", "host-h");
        Assert.Empty((await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/bans")).GetProperty("data").EnumerateArray());
        var back = await StageTests.PostOfferAsync(_client, $"/v2/rooms/{roomId}/whip?name=Hal", hostToken);
        Assert.Equal(HttpStatusCode.Created, back.StatusCode);
        await _client.DeleteAsync(back.Headers.Location);

        var again = await _client.DeleteAsync($"/v2/rooms/{roomId}/bans/host-h");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("participantId", (await again.ProblemAsync()).ErrorFields());
    }

    [Fact]
    public async Task Ban_OfAnInvitedViewerOnStage_EndsItsSession_AndItsInviteTokenIsRefused()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var moderator = await RoomMember.JoinAsync(_factory, roomId, TestTokens.Default);
        await using var alice = await RoomMember.JoinAsync(_factory, roomId, StageTests.Viewer(roomId, "viewer-a", "Alice"));
        var invite = await moderator.Hub.InvokeAsync<JsonElement>("InviteToStage", roomId, "viewer-a");
        var token = invite.GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await StageTests.PostOfferAsync(_client, invite.GetProperty("whipUrl").GetString()!, token)).StatusCode);
        await moderator.NextAsync("participantJoined", "viewer-a");

        var ban = await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/bans", new { participantId = "viewer-a" });

        var answer = await ban.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, true), (answer.GetProperty("closedConnections").GetInt32(), answer.GetProperty("leftStage").GetBoolean()));
        await moderator.NextAsync("participantLeft", "viewer-a");
        Assert.Equal(HttpStatusCode.Forbidden, (await StageTests.PostOfferAsync(_client, invite.GetProperty("whipUrl").GetString()!, token)).StatusCode);

        // A banned viewer cannot be invited again until unbanned.
        var refused = await Assert.ThrowsAsync<HubException>(() => moderator.Hub.InvokeAsync<JsonElement>("InviteToStage", roomId, "viewer-a"));
        Assert.Contains("banned", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_CannotListOrLiftBans()
    {
        var roomId = await _client.CreateRoomAsync();
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/bans", new { participantId = "viewer-b" })).StatusCode);
        var viewer = _factory.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, "viewer-a"));

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/v2/rooms/{roomId}/bans")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/v2/rooms/{roomId}/bans/viewer-b")).StatusCode);
        Assert.Single((await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/bans")).GetProperty("data").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/v2/rooms/no-such-room/bans")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync("/v2/rooms/no-such-room/bans/viewer-b")).StatusCode);
    }

    [Fact]
    public async Task Unban_IsStored_TheViewerIsLetInAfterARestart()
    {
        using var database = new TemporaryDatabase();
        var settings = database.Settings;
        string roomId;
        await using (var before = new LiveServerFactory(settings))
        {
            var client = before.CreateClient();
            roomId = await client.CreateRoomAsync();
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/v2/rooms/{roomId}/bans", new { participantId = "viewer-b" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/v2/rooms/{roomId}/bans", new { participantId = "viewer-c" })).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v2/rooms/{roomId}/bans/viewer-b")).StatusCode);
        }

        await using var after = new LiveServerFactory(settings);
        var unbanned = after.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, "viewer-b"));
        Assert.Equal(HttpStatusCode.OK, (await unbanned.PostAsJsonAsync($"/v2/rooms/{roomId}/pubsub/CHAT", new { message = "back" })).StatusCode);
        var banned = after.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, "viewer-c"));
        Assert.Equal(HttpStatusCode.Forbidden, (await banned.PostAsJsonAsync($"/v2/rooms/{roomId}/pubsub/CHAT", new { message = "still out" })).StatusCode);
        var listed = await after.CreateClient().GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/bans");
        Assert.Equal(["viewer-c"], listed.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("participantId").GetString()));
    }
}
