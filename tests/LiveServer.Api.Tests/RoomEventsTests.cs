using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveServer.Api.Tests;

/// <summary>Every room event is numbered per room, pushed with its number, and replayable from any number on.</summary>
[Collection(FfmpegCollection.Name)]
public sealed class RoomEventsTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task Events_PushedWithSeq_ReplayFromAnySeq_InOrder()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var hub = _factory.CreateHubConnection();
        var pushed = new List<JsonElement>();
        hub.On<JsonElement>("participantJoined", m => { lock (pushed) { pushed.Add(m); } });
        hub.On<JsonElement>("participantLeft", m => { lock (pushed) { pushed.Add(m); } });
        await hub.StartAsync();
        var joined = await hub.InvokeAsync<JsonElement>("JoinRoom", roomId);
        Assert.Equal((roomId, 0L), (joined.GetProperty("roomId").GetString(), joined.GetProperty("seq").GetInt64()));

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await _client.AddTestParticipantAsync(roomId, new { name = $"P{i}", width = 160, height = 90 }));
        }

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/v2/rooms/{roomId}/participants/{ids[1]}")).StatusCode);
        await Eventually.TrueAsync(() => { lock (pushed) { return pushed.Count == 4; } });

        // The log also holds the room's viewerCount events (this hub connection is a viewer); numbered without gaps.
        var all = await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/events");
        var events = all.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal(events[^1].GetProperty("seq").GetInt64(), all.GetProperty("seq").GetInt64());
        var membership = events.Where(e => e.GetProperty("type").GetString()!.StartsWith("participant", StringComparison.Ordinal)).ToList();
        Assert.Equal(["participantJoined", "participantJoined", "participantJoined", "participantLeft"], membership.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(ids[1], membership[3].GetProperty("data").GetProperty("participantId").GetString());

        // What SignalR pushed carries the same numbers as the log.
        lock (pushed)
        {
            Assert.Equal(membership.Select(e => e.GetProperty("seq").GetInt64()), pushed.Select(m => m.GetProperty("seq").GetInt64()));
        }

        var third = membership[2].GetProperty("seq").GetInt64();
        var missed = await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/events?since={third - 1}&limit=1");
        Assert.Equal(third, Assert.Single(missed.GetProperty("data").EnumerateArray()).GetProperty("seq").GetInt64());
        var newest = all.GetProperty("seq").GetInt64();
        var after = (await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/events?since={newest}")).GetProperty("data").EnumerateArray();
        Assert.All(after, e => Assert.Equal("viewerCount", e.GetProperty("type").GetString()));

        var rejoined = await hub.InvokeAsync<JsonElement>("JoinRoom", roomId);
        Assert.True(rejoined.GetProperty("seq").GetInt64() >= newest);

        // Each participant's stay is kept: who joined, who left and when.
        var stays = (await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/sessions")).EnumerateArray().ToList();
        Assert.Equal(ids.AsEnumerable().Reverse(), stays.Select(s => s.GetProperty("participantId").GetString()));
        Assert.All(stays, s => Assert.Equal("test", s.GetProperty("kind").GetString()));
        Assert.Equal([ids[1]], stays.Where(s => s.GetProperty("leftAt").ValueKind != JsonValueKind.Null).Select(s => s.GetProperty("participantId").GetString()));
    }

    [Theory]
    [InlineData("since=-1", "since")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    public async Task OutOfRange_SinceOrLimit_Is400NamingTheField(string query, string field)
    {
        var roomId = await _client.CreateRoomAsync();

        var response = await _client.GetAsync($"/v2/rooms/{roomId}/events?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ProblemAsync()).ErrorFields());
    }

    [Theory]
    [InlineData("since=99999999999999999999999")]
    [InlineData("limit=abc")]
    [InlineData("limit=99999999999")]
    public async Task Unparsable_SinceOrLimit_Is400(string query)
    {
        var roomId = await _client.CreateRoomAsync();

        var response = await _client.GetAsync($"/v2/rooms/{roomId}/events?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task UnknownRoom_Is404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/v2/rooms/no-such-room/events")).StatusCode);
    }
}
