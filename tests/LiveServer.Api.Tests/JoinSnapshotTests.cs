using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveServer.Api.Tests;

/// <summary>JoinRoom answers the room as it is: hosts, the running livestream with its URLs, viewers, the last chat, the seq to go on from.</summary>
[Collection(FfmpegCollection.Name)]
public sealed class JoinSnapshotTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task Snapshot_HasHosts_Livestream_ViewerCount_Last50Chat_AndTheSeq()
    {
        var roomId = await _client.CreateRoomAsync();
        var host = await _client.AddTestParticipantAsync(roomId, new { name = "Ann", width = 160, height = 90 });
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        var id = (await _client.StartHlsAsync(roomId, new { quality = "low" })).GetProperty("id").GetString()!;
        var playable = await states.WaitForAsync("HLS_PLAYABLE", TimeSpan.FromSeconds(30));

        // 60 persisted chat messages from 10 viewers (each within its rate), one that is not persisted.
        for (var i = 0; i < 60; i++)
        {
            var viewer = _factory.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, $"chatter-{i % 10}"));
            (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/pubsub/CHAT", new { message = $"message {i}", persist = true })).EnsureSuccessStatusCode();
        }

        (await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/pubsub/CHAT", new { message = "not kept" })).EnsureSuccessStatusCode();

        await using var hub = _factory.CreateHubConnection(TestTokens.Issue(["viewer"], roomId, "newcomer"));
        await hub.StartAsync();
        var snapshot = await hub.InvokeAsync<JsonElement>("JoinRoom", roomId);

        var participant = Assert.Single(snapshot.GetProperty("participants").EnumerateArray());
        Assert.Equal((host, "Ann", "test"), (participant.GetProperty("participantId").GetString(), participant.GetProperty("name").GetString(), participant.GetProperty("kind").GetString()));
        var livestream = snapshot.GetProperty("livestream");
        Assert.Equal((id, "HLS_PLAYABLE"), (livestream.GetProperty("id").GetString(), livestream.GetProperty("status").GetString()));
        Assert.Equal(playable.PlaybackHlsUrl, livestream.GetProperty("playbackHlsUrl").GetString());
        Assert.Equal(playable.LivestreamUrl, livestream.GetProperty("livestreamUrl").GetString());
        Assert.True(snapshot.GetProperty("viewerCount").GetInt32() >= 1);

        var chat = snapshot.GetProperty("chat").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(10, 50).Select(i => $"message {i}"), chat.Select(m => m.GetProperty("message").GetString()));
        Assert.Equal(chat.Select(m => m.GetProperty("seq").GetInt64()).Order(), chat.Select(m => m.GetProperty("seq").GetInt64()));

        // Only the viewer count (which the join itself changes) may have been numbered after the snapshot.
        var later = await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/events?since={snapshot.GetProperty("seq").GetInt64()}");
        Assert.All(later.GetProperty("data").EnumerateArray(), e => Assert.Equal("viewerCount", e.GetProperty("type").GetString()));

        // The message that was not persisted is not in the chat, but it is in the room's event log.
        var next = (await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/events?since={chat[^1].GetProperty("seq").GetInt64()}&limit=10"))
            .GetProperty("data").EnumerateArray().First(e => e.GetProperty("type").GetString() == "pubsubMessage");
        Assert.Equal("not kept", next.GetProperty("data").GetProperty("message").GetString());

        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Snapshot_HasTheOpenPolls_WithOptionsAndCounts_AsTheRestApiAnswersThem()
    {
        var roomId = await _client.CreateRoomAsync();
        var open = await CreatePollAsync(roomId, "Which colour?", "red", "blue");
        var closed = await CreatePollAsync(roomId, "Done?", "yes", "no");
        (await _client.PostAsync($"/v2/rooms/{roomId}/polls/{closed}/close", null)).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++)
        {
            var voter = _factory.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, $"voter-{i}"));
            (await voter.PostAsJsonAsync($"/v2/rooms/{roomId}/polls/{open}/votes", new { optionId = i == 0 ? "a" : "b" })).EnsureSuccessStatusCode();
        }

        await using var hub = _factory.CreateHubConnection(TestTokens.Issue(["viewer"], roomId, "newcomer"));
        await hub.StartAsync();
        var snapshot = await hub.InvokeAsync<JsonElement>("JoinRoom", roomId);

        var poll = Assert.Single(snapshot.GetProperty("polls").EnumerateArray());
        var rest = await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/polls/{open}");
        Assert.Equal(rest.GetRawText(), poll.GetRawText());
        Assert.Equal(("open", 3L), (poll.GetProperty("status").GetString(), poll.GetProperty("total").GetInt64()));
        Assert.Equal((1L, 2L), (poll.GetProperty("counts").GetProperty("a").GetInt64(), poll.GetProperty("counts").GetProperty("b").GetInt64()));
        Assert.Equal(["red", "blue"], poll.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task EmptyRoom_Snapshot_HasNoLivestream_AndNoChat()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var hub = _factory.CreateHubConnection();
        await hub.StartAsync();

        var snapshot = await hub.InvokeAsync<JsonElement>("JoinRoom", roomId);

        Assert.Equal(JsonValueKind.Null, snapshot.GetProperty("livestream").ValueKind);
        Assert.Empty(snapshot.GetProperty("participants").EnumerateArray());
        Assert.Empty(snapshot.GetProperty("chat").EnumerateArray());
        Assert.Empty(snapshot.GetProperty("polls").EnumerateArray());
        Assert.Empty(snapshot.GetProperty("stageRequests").EnumerateArray());
        Assert.Equal(0, snapshot.GetProperty("seq").GetInt64());
    }

    private async Task<string> CreatePollAsync(string roomId, string question, params string[] options)
    {
        var response = await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/polls", new { question, options });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pollId").GetString()!;
    }
}
