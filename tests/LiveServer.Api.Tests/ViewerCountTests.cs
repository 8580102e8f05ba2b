using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveServer.Api.Tests;

/// <summary>A room's viewers: HLS players counted from their playlist requests, hub viewers, one client once.</summary>
[Collection(FfmpegCollection.Name)]
public sealed class ViewerCountTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task Players_AreCounted_FromPlaylistRequests_AndTheCountIsPushed()
    {
        var roomId = await _client.CreateRoomAsync();
        await _client.AddTestParticipantAsync(roomId, new { name = "Ann", width = 160, height = 90 });
        await using var hub = _factory.CreateHubConnection();
        var counts = new List<JsonElement>();
        hub.On<JsonElement>("viewerCount", m => { lock (counts) { counts.Add(m); } });
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("JoinRoom", roomId);
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        var id = (await _client.StartHlsAsync(roomId, new { quality = "low" })).GetProperty("id").GetString()!;
        await states.WaitForAsync("HLS_PLAYABLE", TimeSpan.FromSeconds(30));

        // Two players (another User-Agent each), one of them reloading twice: two viewers.
        foreach (var agent in new[] { "player-one/1.0", "player-two/2.0", "player-one/1.0" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/hls/{id}/360p.m3u8");
            request.Headers.UserAgent.ParseAdd(agent);
            (await _client.SendAsync(request)).EnsureSuccessStatusCode();
        }

        await Eventually.TrueAsync(() => { lock (counts) { return counts.Any(c => c.GetProperty("players").GetInt32() == 2); } });
        var room = await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}");

        // The two players and the two hub connections (this one and the state recorder's; in memory they share one client key).
        Assert.Equal(3, room.GetProperty("viewerCount").GetInt32());
        lock (counts)
        {
            Assert.Equal(2, counts[^1].GetProperty("hub").GetInt32());
        }
        lock (counts)
        {
            Assert.All(counts, c => Assert.True(c.GetProperty("seq").GetInt64() > 0));
        }

        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", TimeSpan.FromSeconds(30));
    }
}
