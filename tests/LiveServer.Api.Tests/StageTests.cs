using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LiveServer.Api.Auth;
using LiveServer.TestKit;
using LiveServer.TestKit.WebRtc;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveServer.Api.Tests;

/// <summary>A server whose stage tokens live 2 minutes, so the test can tell the configured lifetime from the default.</summary>
public sealed class StageServerFixture : IAsyncLifetime
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(2);

    public LiveServerFactory Factory { get; } = new(new() { ["Interactive:StageTokenLifetime"] = "00:02:00" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>Raised hands, invites with their short-lived publishing token, and removal from the stage.</summary>
public sealed class StageTests(StageServerFixture fixture) : IClassFixture<StageServerFixture>
{
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task RaiseHand_Invite_Publish_Remove_OnlyTheInvitedViewerGetsTheToken()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var moderator = await RoomMember.JoinAsync(_factory, roomId, TestTokens.Default);
        await using var alice = await RoomMember.JoinAsync(_factory, roomId, Viewer(roomId, "viewer-a", "Alice"));
        await using var bob = await RoomMember.JoinAsync(_factory, roomId, Viewer(roomId, "viewer-b", "Bob"));

        var raised = await alice.Hub.InvokeAsync<JsonElement>("RequestStage", roomId);
        var seen = await moderator.NextAsync("stageRequested");
        Assert.Equal(("viewer-a", "Alice", roomId), (seen.GetProperty("participantId").GetString(), seen.GetProperty("name").GetString(), seen.GetProperty("roomId").GetString()));
        Assert.Equal(raised.GetProperty("seq").GetInt64(), seen.GetProperty("seq").GetInt64());
        Assert.True(seen.GetProperty("seq").GetInt64() > 0);

        // A moderator joining later sees the raised hand in the snapshot, and so does the REST listing.
        await using (var late = await RoomMember.JoinAsync(_factory, roomId, TestTokens.Crawler(roomId)))
        {
            Assert.Equal(["viewer-a"], late.Snapshot.GetProperty("stageRequests").EnumerateArray().Select(r => r.GetProperty("participantId").GetString()));
        }

        var requests = await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/stage/requests");
        Assert.Equal(["viewer-a"], requests.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("participantId").GetString()));

        var answered = await moderator.Hub.InvokeAsync<JsonElement>("InviteToStage", roomId, "viewer-a");
        var invite = await alice.NextAsync("stageInvite");
        var token = invite.GetProperty("token").GetString()!;
        Assert.Equal(answered.GetProperty("token").GetString(), token);
        Assert.Equal(("viewer-a", roomId), (invite.GetProperty("participantId").GetString(), invite.GetProperty("roomId").GetString()));

        // The room learns of the invite without the token; Bob never gets the invite itself.
        var invited = await bob.NextAsync("stageInvited");
        Assert.Equal("viewer-a", invited.GetProperty("participantId").GetString());
        Assert.False(invited.TryGetProperty("token", out _));
        Assert.Empty(bob.Received("stageInvite"));
        Assert.Empty(moderator.Received("stageInvite"));
        var log = await _client.GetStringAsync($"/v2/rooms/{roomId}/events");
        Assert.Contains("stageInvited", log, StringComparison.Ordinal);
        Assert.DoesNotContain(token, log, StringComparison.Ordinal);

        // The hand is answered: it is no longer listed.
        Assert.Empty((await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/stage/requests")).GetProperty("data").EnumerateArray());

        // An rtc token for this room and this participant, living the configured 2 minutes.
        var claims = Payload(token);
        Assert.Equal(["rtc"], claims.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("allow_join", claims.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal((roomId, "viewer-a", "Alice"), (claims.GetProperty("roomId").GetString(), claims.GetProperty("participantId").GetString(), claims.GetProperty("name").GetString()));
        var lifetime = claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64();
        Assert.InRange(lifetime, 1, (long)StageServerFixture.TokenLifetime.TotalSeconds);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64()), invite.GetProperty("expiresAt").GetDateTimeOffset());

        // The token publishes into the room at the WHIP URL of the invite: Alice is on stage under her id and name.
        var whipUrl = invite.GetProperty("whipUrl").GetString()!;
        Assert.StartsWith($"http://localhost/v2/rooms/{roomId}/whip", whipUrl, StringComparison.Ordinal);
        var whip = await PostOfferAsync(whipUrl, token);
        Assert.Equal(HttpStatusCode.Created, whip.StatusCode);
        var participant = Assert.Single((await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants")).EnumerateArray());
        Assert.Equal(("viewer-a", "Alice", "webrtc"), (participant.GetProperty("participantId").GetString(), participant.GetProperty("name").GetString(), participant.GetProperty("kind").GetString()));
        await moderator.NextAsync("participantJoined", "viewer-a");

        // Removal ends the WHIP session: Alice leaves the room, and her session resource is gone.
        var removed = await moderator.Hub.InvokeAsync<JsonElement>("RemoveFromStage", roomId, "viewer-a");
        Assert.Equal("viewer-a", removed.GetProperty("participantId").GetString());
        await moderator.NextAsync("participantLeft", "viewer-a");
        Assert.Equal(removed.GetProperty("seq").GetInt64(), (await bob.NextAsync("stageRemoved")).GetProperty("seq").GetInt64());
        Assert.Equal(0, (await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync(whip.Headers.Location)).StatusCode);

        // The invite's token does not bring her back; a new invite does.
        var again = await PostOfferAsync(whipUrl, token);
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        Assert.Contains("removed from the stage", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await moderator.Hub.InvokeAsync<JsonElement>("InviteToStage", roomId, "viewer-a");
        var second = (await alice.NextAsync("stageInvite")).GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await PostOfferAsync(whipUrl, second)).StatusCode);
    }

    [Fact]
    public async Task InvitedViewer_PublishesRealMedia_WithItsInviteToken_RemovalEndsTheSession()
    {
        // The clip MetricsTests uses (same cache), so FFmpeg encodes it once per machine.
        var clip = await CapturedVp8Stream.LoadAsync(
            Path.Combine(Path.GetTempPath(), "liveserver-metrics-clip"), 320, 180, 15, TimeSpan.FromSeconds(2), 300, CancellationToken.None);
        var roomId = await _client.CreateRoomAsync();
        await using var moderator = await RoomMember.JoinAsync(_factory, roomId, TestTokens.Default);
        await using var alice = await RoomMember.JoinAsync(_factory, roomId, Viewer(roomId, "viewer-a", "Alice"));
        (await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/stage/invite", new { participantId = "viewer-a" })).EnsureSuccessStatusCode();
        var token = (await alice.NextAsync("stageInvite")).GetProperty("token").GetString()!;

        // Offer, ICE, DTLS and SRTP over loopback UDP, carrying only the invite's token.
        var publisher = await WhipPublisher.ConnectAsync(_factory.CreateClientWith("Bearer " + token), roomId, "Alice", CancellationToken.None);
        try
        {
            await new Vp8StreamReplay(clip, publisher).RunAsync(clip.RealTimePacketsPerSecond, TimeSpan.FromSeconds(2), CancellationToken.None);
            JsonElement participant = default;
            for (var i = 0; i < 100; i++)
            {
                participant = Assert.Single((await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants")).EnumerateArray());
                if (participant.GetProperty("transport").GetProperty("keyframes").GetInt64() > 0)
                {
                    break;
                }

                await Task.Delay(100);
            }

            Assert.Equal("viewer-a", participant.GetProperty("participantId").GetString());
            var transport = participant.GetProperty("transport");
            Assert.True(transport.GetProperty("keyframes").GetInt64() > 0, transport.GetRawText());
            Assert.True(transport.GetProperty("framesEmitted").GetInt64() > 0, transport.GetRawText());

            Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"/v2/rooms/{roomId}/stage/viewer-a/remove", null)).StatusCode);
            await moderator.NextAsync("participantLeft", "viewer-a");
            await moderator.NextAsync("stageRemoved", "viewer-a");
            Assert.Equal(0, (await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants")).GetArrayLength());
        }
        finally
        {
            await publisher.DisposeAsync();
        }
    }

    [Fact]
    public async Task Viewer_CannotInviteOrRemove_OverTheHubOrRest()
    {
        var roomId = await _client.CreateRoomAsync();
        var token = Viewer(roomId, "viewer-a", "Alice");
        await using var alice = await RoomMember.JoinAsync(_factory, roomId, token);
        await using var bob = await RoomMember.JoinAsync(_factory, roomId, Viewer(roomId, "viewer-b", "Bob"));

        var invite = await Assert.ThrowsAsync<HubException>(() => alice.Hub.InvokeAsync<JsonElement>("InviteToStage", roomId, "viewer-b"));
        Assert.Contains("moderator", invite.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => alice.Hub.InvokeAsync<JsonElement>("RemoveFromStage", roomId, "viewer-b"));

        var rest = _factory.CreateClientWith("Bearer " + token);
        Assert.Equal(HttpStatusCode.Forbidden, (await rest.PostAsJsonAsync($"/v2/rooms/{roomId}/stage/invite", new { participantId = "viewer-b" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rest.PostAsync($"/v2/rooms/{roomId}/stage/viewer-b/remove", null)).StatusCode);
        Assert.Empty(bob.Received("stageInvite"));
    }

    [Fact]
    public async Task Invite_ViewerNotConnected_IsRefusedNamingIt()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var moderator = await RoomMember.JoinAsync(_factory, roomId, TestTokens.Default);

        var refused = await Assert.ThrowsAsync<HubException>(() => moderator.Hub.InvokeAsync<JsonElement>("InviteToStage", roomId, "nobody-here"));
        Assert.Contains("'nobody-here'", refused.Message, StringComparison.Ordinal);

        var rest = await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/stage/invite", new { participantId = "nobody-here" });
        Assert.Equal(HttpStatusCode.NotFound, rest.StatusCode);
        Assert.Contains("participantId", (await rest.ProblemAsync()).ErrorFields());
        var blank = await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/stage/invite", new { participantId = " " });
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.Contains("participantId", (await blank.ProblemAsync()).ErrorFields());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsJsonAsync("/v2/rooms/no-such-room/stage/invite", new { participantId = "x" })).StatusCode);
        var remove = await _client.PostAsync($"/v2/rooms/{roomId}/stage/nobody-here/remove", null);
        Assert.Equal(HttpStatusCode.NotFound, remove.StatusCode);
        Assert.Contains("participantId", (await remove.ProblemAsync()).ErrorFields());
    }

    [Fact]
    public async Task RestInvite_AnswersTheInvite_AndPushesItToTheViewer()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var alice = await RoomMember.JoinAsync(_factory, roomId, Viewer(roomId, "viewer-a", "Alice"));

        var response = await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/stage/invite", new { participantId = "viewer-a" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answered = await response.Content.ReadFromJsonAsync<JsonElement>();
        var pushed = await alice.NextAsync("stageInvite");
        Assert.Equal(answered.GetProperty("token").GetString(), pushed.GetProperty("token").GetString());
        Assert.Equal("viewer-a", (await alice.NextAsync("stageInvited")).GetProperty("participantId").GetString());
    }

    [Fact]
    public async Task Host_CannotRaiseAHand_ViewerLowersIt_OrLeaving_LowersIt()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var moderator = await RoomMember.JoinAsync(_factory, roomId, TestTokens.Default);
        await using (var host = await RoomMember.JoinAsync(_factory, roomId, TestTokens.Rtc(roomId, "host-h")))
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => host.Hub.InvokeAsync<JsonElement>("RequestStage", roomId));
            Assert.Contains("on stage already", refused.Message, StringComparison.Ordinal);
        }

        await using var alice = await RoomMember.JoinAsync(_factory, roomId, Viewer(roomId, "viewer-a", "Alice"));
        var first = await alice.Hub.InvokeAsync<JsonElement>("RequestStage", roomId);
        var again = await alice.Hub.InvokeAsync<JsonElement>("RequestStage", roomId);
        Assert.Equal(first.GetProperty("seq").GetInt64(), again.GetProperty("seq").GetInt64());
        await alice.Hub.InvokeAsync("CancelStageRequest", roomId);
        Assert.Equal("viewer-a", (await moderator.NextAsync("stageRequestCancelled")).GetProperty("participantId").GetString());
        Assert.Single(moderator.Received("stageRequested"));

        // A hand raised by a viewer whose connection goes is lowered.
        await using (var bob = await RoomMember.JoinAsync(_factory, roomId, Viewer(roomId, "viewer-b", "Bob")))
        {
            await bob.Hub.InvokeAsync<JsonElement>("RequestStage", roomId);
            await moderator.NextAsync("stageRequested", "viewer-b");
        }

        await moderator.NextAsync("stageRequestCancelled", "viewer-b");
        Assert.Empty((await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/stage/requests")).GetProperty("data").EnumerateArray());

        // Raising a hand needs a joined room.
        var other = await _client.CreateRoomAsync();
        await Assert.ThrowsAsync<HubException>(() => alice.Hub.InvokeAsync<JsonElement>("RequestStage", other));
    }

    /// <summary>A viewer token for <paramref name="participantId"/> in <paramref name="roomId"/>, carrying <paramref name="name"/>.</summary>
    internal static string Viewer(string roomId, string participantId, string name) =>
        TestTokens.Issue(new TokenClaims(
            [TokenClaims.ViewerRole], [], DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow, roomId, participantId, Name: name));

    /// <summary>Posts the Chrome-like offer of <see cref="WhipApiTests"/> to <paramref name="url"/> with <paramref name="token"/>.</summary>
    internal static Task<HttpResponseMessage> PostOfferAsync(HttpClient client, string url, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(WhipApiTests.Offer, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }

    private static JsonElement Payload(string token) => JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[1])).RootElement;

    private Task<HttpResponseMessage> PostOfferAsync(string url, string token) => PostOfferAsync(_client, url, token);
}
