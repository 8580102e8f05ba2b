using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.Api.Auth;
using LiveServer.TestKit;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Tests;

/// <summary>
/// Virtual gifts: the configured catalogue, gifts to a host or to a viewer on the hub (pushed as
/// <c>giftSent</c> with a seq), refusals naming the field, the leaderboard, and its totals after a restart.
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed class GiftsTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task Catalogue_IsTheConfiguredOne()
    {
        var roomId = await _client.CreateRoomAsync();

        var catalogue = await Viewer(roomId, "v1").GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/gifts/catalogue");

        Assert.Equal(
            [("rose", "Rose", 1), ("heart", "Heart", 5), ("star", "Star", 10), ("rocket", "Rocket", 50)],
            catalogue.GetProperty("gifts").EnumerateArray().Select(g => (g.GetProperty("id").GetString(), g.GetProperty("name").GetString(), g.GetProperty("value").GetInt32())));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/v2/rooms/no-such-room/gifts/catalogue")).StatusCode);
    }

    [Fact]
    public async Task Send_ToHostAndToViewer_PushedWithSeq_LeaderboardLargestFirst()
    {
        var roomId = await _client.CreateRoomAsync();
        var host = await _client.AddTestParticipantAsync(roomId, new { name = "Ann", width = 160, height = 90 });
        var sent = new List<JsonElement>();
        await using var bea = _factory.CreateHubConnection(TestTokens.Issue(TokenClaims.ForRoles(["viewer"], DateTimeOffset.UtcNow, TimeSpan.FromHours(1), roomId, "bea", name: "Bea")));
        bea.On<JsonElement>("giftSent", m => { lock (sent) { sent.Add(m); } });
        await bea.StartAsync();
        await bea.InvokeAsync<JsonElement>("JoinRoom", roomId);
        await using var cid = await JoinAsync(roomId, "cid");
        var dan = Viewer(roomId, "dan");

        var toHost = await SendAsync(dan, roomId, "rocket", host);
        Assert.Equal(HttpStatusCode.OK, toHost.StatusCode);
        var gift = await toHost.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            (roomId, "rocket", "Rocket", 50L, "dan", "dan", host),
            (gift.GetProperty("roomId").GetString(), gift.GetProperty("giftId").GetString(), gift.GetProperty("giftName").GetString(), gift.GetProperty("value").GetInt64(),
             gift.GetProperty("fromId").GetString(), gift.GetProperty("fromName").GetString(), gift.GetProperty("toId").GetString()));
        Assert.StartsWith("gs_", gift.GetProperty("giftSentId").GetString(), StringComparison.Ordinal);
        Assert.True(gift.GetProperty("seq").GetInt64() > 0);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(dan, roomId, "star", "bea")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(dan, roomId, "star", "bea")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Viewer(roomId, "bea"), roomId, "heart", "cid")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(_client, roomId, "rose", "cid")).StatusCode);

        await Eventually.TrueAsync(() => Locked(sent, s => s.Count == 5));
        List<JsonElement> pushed;
        lock (sent)
        {
            pushed = [.. sent];
        }

        Assert.Equal(gift.GetProperty("giftSentId").GetString(), pushed[0].GetProperty("giftSentId").GetString());
        Assert.Equal(gift.GetProperty("seq").GetInt64(), pushed[0].GetProperty("seq").GetInt64());
        Assert.Equal(gift.GetProperty("at").GetDateTimeOffset(), pushed[0].GetProperty("at").GetDateTimeOffset());
        Assert.Equal(pushed.Select(p => p.GetProperty("seq").GetInt64()).Order(), pushed.Select(p => p.GetProperty("seq").GetInt64()));
        Assert.Equal("moderator", pushed[4].GetProperty("fromId").GetString());

        var board = await Viewer(roomId, "eve").GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/gifts/leaderboard");
        Assert.Equal(roomId, board.GetProperty("roomId").GetString());
        Assert.Equal(
            [(host, "Ann", 50L, 1L), ("bea", "Bea", 20L, 2L), ("cid", null, 6L, 2L)],
            board.GetProperty("entries").EnumerateArray().Select(e =>
                (e.GetProperty("participantId").GetString(), e.GetProperty("name").GetString(), e.GetProperty("total").GetInt64(), e.GetProperty("gifts").GetInt64())));
        var top = await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/gifts/leaderboard?limit=1");
        Assert.Equal([host], top.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("participantId").GetString()));
    }

    [Fact]
    public async Task Send_UnknownGiftRecipientOrRoom_ToYourself_BadLimit_NameTheField()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var bea = await JoinAsync(roomId, "bea");
        var dan = Viewer(roomId, "dan");

        foreach (var (giftId, to, status, field) in new[]
        {
            ("tulip", "bea", HttpStatusCode.NotFound, "giftId"),
            ("rose", "nobody", HttpStatusCode.NotFound, "to"),
            ("rose", "dan", HttpStatusCode.BadRequest, "to"),
            ((string?)null, "bea", HttpStatusCode.BadRequest, "giftId"),
            ("rose", null, HttpStatusCode.BadRequest, "to"),
        })
        {
            var refused = await SendAsync(dan, roomId, giftId, to);
            Assert.Equal(status, refused.StatusCode);
            var problem = await refused.ProblemAsync();
            Assert.Equal([field], problem.ErrorFields());
            if (status == HttpStatusCode.NotFound)
            {
                Assert.Contains($"'{(field == "giftId" ? giftId : to)}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }

        // A viewer that left the hub is no longer in the room.
        await bea.InvokeAsync("LeaveRoom", roomId);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(dan, roomId, "rose", "bea")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(_client, "no-such-room", "rose", "bea")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/v2/rooms/no-such-room/gifts/leaderboard")).StatusCode);
        foreach (var limit in new[] { 0, 101 })
        {
            var refused = await _client.GetAsync($"/v2/rooms/{roomId}/gifts/leaderboard?limit={limit}");
            Assert.Equal(["limit"], (await refused.ProblemAsync()).ErrorFields());
        }

        Assert.Empty((await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/gifts/leaderboard")).GetProperty("entries").EnumerateArray());
    }

    [Fact]
    public async Task Send_OtherRoomOrBanned_Is403_Flood_Is429WithRetryAfter()
    {
        var roomId = await _client.CreateRoomAsync();
        var other = await _client.CreateRoomAsync();
        await using var bea = await JoinAsync(roomId, "bea");
        var dan = Viewer(roomId, "dan");

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(dan, other, "rose", "bea")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dan.GetAsync($"/v2/rooms/{other}/gifts/leaderboard")).StatusCode);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 30; i++)
        {
            answers.Add(await SendAsync(dan, roomId, "rose", "bea"));
        }

        var refused = answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Contains("Interactive:GiftsPerSecond", (await refused.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var accepted = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
        Assert.InRange(accepted, 10, 25);
        var board = await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/gifts/leaderboard");
        Assert.Equal(accepted, board.GetProperty("entries")[0].GetProperty("total").GetInt64());

        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/bans", new { participantId = "dan" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(dan, roomId, "rose", "bea")).StatusCode);
    }

    [Fact]
    public async Task Leaderboard_SurvivesARestart()
    {
        using var database = new TemporaryDatabase();
        var settings = database.Settings;
        string roomId;
        await using (var before = new LiveServerFactory(settings))
        {
            var client = before.CreateClient();
            roomId = await client.CreateRoomAsync();
            await using var bea = before.CreateHubConnection(TestTokens.Issue(["viewer"], roomId, "bea"));
            await bea.StartAsync();
            await bea.InvokeAsync<JsonElement>("JoinRoom", roomId);
            var dan = before.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, "dan"));
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(dan, roomId, "rocket", "bea")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(dan, roomId, "heart", "bea")).StatusCode);
        }

        await using var after = new LiveServerFactory(settings);
        await using var danHub = after.CreateHubConnection(TestTokens.Issue(["viewer"], roomId, "dan"));
        await danHub.StartAsync();
        await danHub.InvokeAsync<JsonElement>("JoinRoom", roomId);
        var bea2 = after.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, "bea"));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(bea2, roomId, "rose", "dan")).StatusCode);

        var board = await bea2.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/gifts/leaderboard");
        Assert.Equal(
            [("bea", 55L, 2L), ("dan", 1L, 1L)],
            board.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("participantId").GetString(), e.GetProperty("total").GetInt64(), e.GetProperty("gifts").GetInt64())));
    }

    [Theory]
    [InlineData("Interactive:Gifts:1:Id", "rose", "Interactive:Gifts:1:Id")]
    [InlineData("Interactive:Gifts:2:Value", "0", "Interactive:Gifts:2:Value")]
    [InlineData("Interactive:Gifts:3:Value", "-5", "Interactive:Gifts:3:Value")]
    [InlineData("Interactive:Gifts:0:Id", "no spaces", "Interactive:Gifts:0:Id")]
    [InlineData("Interactive:Gifts:4:Name", "Orphan", "Interactive:Gifts:4:Id")]
    [InlineData("Interactive:GiftsPerSecond", "0", "Interactive:GiftsPerSecond")]
    [InlineData("Interactive:QuestionsPerMinute", "0", "Interactive:QuestionsPerMinute")]
    public async Task Start_InvalidCatalogueOrRate_FailsNamingTheKey(string key, string value, string named)
    {
        await using var factory = new LiveServerFactory(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private HttpClient Viewer(string roomId, string participantId) =>
        _factory.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, participantId));

    private async Task<HubConnection> JoinAsync(string roomId, string participantId)
    {
        var hub = _factory.CreateHubConnection(TestTokens.Issue(["viewer"], roomId, participantId));
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("JoinRoom", roomId);
        return hub;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string roomId, string? giftId, string? to) =>
        client.PostAsJsonAsync($"/v2/rooms/{roomId}/gifts", new { giftId, to });

    private static bool Locked(List<JsonElement> list, Func<List<JsonElement>, bool> condition)
    {
        lock (list)
        {
            return condition(list);
        }
    }
}
