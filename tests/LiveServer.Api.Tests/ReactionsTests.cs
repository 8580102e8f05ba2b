using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveServer.Api.Tests;

/// <summary>Reactions from many viewers are counted on the server and pushed a few times a second as counts, not one by one.</summary>
public sealed class ReactionsTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task ManyViewers_Storm_ArrivesAsFewCountEvents_WithEveryReaction()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var hub = _factory.CreateHubConnection(TestTokens.Issue(["viewer"], roomId, "watcher"));
        var pushes = new List<JsonElement>();
        hub.On<JsonElement>("reactions", m => { lock (pushes) { pushes.Add(m); } });
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("JoinRoom", roomId);

        // 50 viewers, 10 reactions each (within their rate), all at once.
        var sends = Enumerable.Range(0, 50).SelectMany(v =>
        {
            var viewer = _factory.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, $"viewer-{v}"));
            return Enumerable.Range(0, 10).Select(i => viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/reactions", new { type = i % 2 == 0 ? "heart" : "clap" }));
        }).ToList();
        var answers = await Task.WhenAll(sends);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));

        await Eventually.TrueAsync(() => Total(pushes, "heart") + Total(pushes, "clap") == 500);
        Assert.Equal((250L, 250L), (Total(pushes, "heart"), Total(pushes, "clap")));
        lock (pushes)
        {
            Assert.InRange(pushes.Count, 1, 50);
            Assert.Equal(pushes.Select(p => p.GetProperty("seq").GetInt64()).Order(), pushes.Select(p => p.GetProperty("seq").GetInt64()));
        }
    }

    [Fact]
    public async Task HubReact_IsCounted_UnknownTypeIsRefused()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var hub = _factory.CreateHubConnection(TestTokens.Issue(["viewer"], roomId, "hub-viewer"));
        var pushes = new List<JsonElement>();
        hub.On<JsonElement>("reactions", m => { lock (pushes) { pushes.Add(m); } });
        await hub.StartAsync();
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("React", roomId, "heart"));
        await hub.InvokeAsync<JsonElement>("JoinRoom", roomId);

        for (var i = 0; i < 3; i++)
        {
            await hub.InvokeAsync("React", roomId, "laugh");
        }

        await Eventually.TrueAsync(() => Total(pushes, "laugh") == 3);
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("React", roomId, "boo"));
        Assert.Contains("type must be one of", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneSender_BeyondItsRate_Gets429WithRetryAfter()
    {
        var roomId = await _client.CreateRoomAsync();
        var viewer = _factory.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, "eager"));

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 40; i++)
        {
            answers.Add(await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/reactions", new { type = "wow" }));
        }

        var refused = answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.Accepted) >= 20);
    }

    [Fact]
    public async Task UnknownType_Is400_UnknownRoom_404_OtherRoom_403()
    {
        var roomId = await _client.CreateRoomAsync();
        var other = await _client.CreateRoomAsync();
        var viewer = _factory.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, "v1"));

        var unknownType = await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/reactions", new { type = "<script>" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownType.StatusCode);
        Assert.Contains("type", (await unknownType.ProblemAsync()).ErrorFields());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsJsonAsync("/v2/rooms/no-such-room/reactions", new { type = "heart" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/v2/rooms/{other}/reactions", new { type = "heart" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.CreateClientWith(null).PostAsJsonAsync($"/v2/rooms/{roomId}/reactions", new { type = "heart" })).StatusCode);
    }

    private static long Total(List<JsonElement> pushes, string type)
    {
        lock (pushes)
        {
            return pushes.Sum(p => p.GetProperty("counts").TryGetProperty(type, out var n) ? n.GetInt64() : 0);
        }
    }
}
