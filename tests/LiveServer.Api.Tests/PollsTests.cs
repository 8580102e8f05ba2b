using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveServer.Api.Tests;

/// <summary>Polls: moderators open and close them, the audience votes once each, counts are pushed a few times a second.</summary>
public sealed class PollsTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task ManyVoters_Concurrently_CountedExactly_WithFewUpdates()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var hub = _factory.CreateHubConnection(TestTokens.Issue(["viewer"], roomId, "watcher"));
        var started = new List<JsonElement>();
        var updates = new List<JsonElement>();
        hub.On<JsonElement>("pollStarted", m => { lock (started) { started.Add(m); } });
        hub.On<JsonElement>("pollUpdated", m => { lock (updates) { updates.Add(m); } });
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("JoinRoom", roomId);

        var pollId = await CreatePollAsync(_client, roomId);
        await Eventually.TrueAsync(() => Locked(started, s => s.Any(p => p.GetProperty("pollId").GetString() == pollId)));

        var votes = await Task.WhenAll(Enumerable.Range(0, 200).Select(v =>
            Viewer(roomId, $"voter-{v}").PostAsJsonAsync($"/v2/rooms/{roomId}/polls/{pollId}/votes", new { optionId = v % 4 == 0 ? "a" : "b" })));
        Assert.All(votes, v => Assert.Equal(HttpStatusCode.OK, v.StatusCode));

        var poll = await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/polls/{pollId}");
        Assert.Equal(200, poll.GetProperty("total").GetInt64());
        Assert.Equal((50L, 150L), (poll.GetProperty("counts").GetProperty("a").GetInt64(), poll.GetProperty("counts").GetProperty("b").GetInt64()));

        await Eventually.TrueAsync(() => Locked(updates, u => u.Count > 0 && u[^1].GetProperty("total").GetInt64() == 200));
        lock (updates)
        {
            Assert.InRange(updates.Count, 1, 40);
            Assert.Equal(150L, updates[^1].GetProperty("counts").GetProperty("b").GetInt64());
        }
    }

    [Fact]
    public async Task Vote_Twice_UnknownIds_ViewerModeration_AnswerConflictNotFoundForbidden()
    {
        var roomId = await _client.CreateRoomAsync();
        var pollId = await CreatePollAsync(_client, roomId);
        var viewer = Viewer(roomId, "twice");

        Assert.Equal(HttpStatusCode.OK, (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/polls/{pollId}/votes", new { optionId = "a" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/polls/{pollId}/votes", new { optionId = "b" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/polls/poll_0000000000000000/votes", new { optionId = "a" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Viewer(roomId, "other").PostAsJsonAsync($"/v2/rooms/{roomId}/polls/{pollId}/votes", new { optionId = "z" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/v2/rooms/{roomId}/polls/poll_0000000000000000")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/polls", new { question = "Q?", options = new[] { "x", "y" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/v2/rooms/{roomId}/polls/{pollId}/close", null)).StatusCode);

        var invalid = await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/polls", new { question = "Q?", options = new[] { "only" } });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("options", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var shortDuration = await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/polls", new { question = "Q?", options = new[] { "x", "y" }, durationSec = 1 });
        Assert.Contains("durationSec", await shortDuration.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Close_PushesPollClosed_ThenVotesAndSecondCloseConflict()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var hub = _factory.CreateHubConnection(TestTokens.Issue(["viewer"], roomId, "watcher"));
        var closed = new List<JsonElement>();
        hub.On<JsonElement>("pollClosed", m => { lock (closed) { closed.Add(m); } });
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("JoinRoom", roomId);
        var pollId = await CreatePollAsync(_client, roomId);
        Assert.Equal(HttpStatusCode.OK, (await Viewer(roomId, "early").PostAsJsonAsync($"/v2/rooms/{roomId}/polls/{pollId}/votes", new { optionId = "b" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"/v2/rooms/{roomId}/polls/{pollId}/close", null)).StatusCode);
        await Eventually.TrueAsync(() => Locked(closed, c => c.Count == 1));
        Assert.Equal(1, closed[0].GetProperty("counts").GetProperty("b").GetInt64());

        Assert.Equal(HttpStatusCode.Conflict, (await Viewer(roomId, "late").PostAsJsonAsync($"/v2/rooms/{roomId}/polls/{pollId}/votes", new { optionId = "a" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"/v2/rooms/{roomId}/polls/{pollId}/close", null)).StatusCode);

        var open = await CreatePollAsync(_client, roomId);
        var list = await Viewer(roomId, "lister").GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/polls?status=closed");
        Assert.Equal([pollId], list.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("pollId").GetString()));
        var all = await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/polls");
        Assert.Equal([open, pollId], all.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("pollId").GetString()));
    }

    [Fact]
    public async Task Duration_Ends_ClosesByItself()
    {
        var roomId = await _client.CreateRoomAsync();
        var pollId = await CreatePollAsync(_client, roomId, durationSec: 5);
        string? status = null;
        for (var i = 0; i < 150 && status != "closed"; i++)
        {
            await Task.Delay(100);
            status = (await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/polls/{pollId}")).GetProperty("status").GetString();
        }

        Assert.Equal("closed", status);
    }

    [Fact]
    public async Task Poll_SurvivesARestart()
    {
        using var database = new TemporaryDatabase();
        var settings = database.Settings;
        string roomId;
        string pollId;
        await using (var before = new LiveServerFactory(settings))
        {
            var client = before.CreateClient();
            roomId = await client.CreateRoomAsync();
            pollId = await CreatePollAsync(client, roomId);
            var viewer = before.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, "keeper"));
            Assert.Equal(HttpStatusCode.OK, (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/polls/{pollId}/votes", new { optionId = "a" })).StatusCode);
        }

        await using var after = new LiveServerFactory(settings);
        var again = after.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, "keeper"));
        var poll = await again.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/polls/{pollId}");
        Assert.Equal(("open", 1L), (poll.GetProperty("status").GetString(), poll.GetProperty("counts").GetProperty("a").GetInt64()));
        Assert.Equal(HttpStatusCode.Conflict, (await again.PostAsJsonAsync($"/v2/rooms/{roomId}/polls/{pollId}/votes", new { optionId = "b" })).StatusCode);
    }

    private HttpClient Viewer(string roomId, string participantId) =>
        _factory.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, participantId));

    private static async Task<string> CreatePollAsync(HttpClient client, string roomId, int? durationSec = null)
    {
        var answer = await client.PostAsJsonAsync($"/v2/rooms/{roomId}/polls", new { question = "Which?", options = new[] { "one", "two", "three" }, durationSec });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var poll = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("open", poll.GetProperty("status").GetString());
        return poll.GetProperty("pollId").GetString()!;
    }

    private static bool Locked(List<JsonElement> list, Func<List<JsonElement>, bool> condition)
    {
        lock (list)
        {
            return condition(list);
        }
    }
}
