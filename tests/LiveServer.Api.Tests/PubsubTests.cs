using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LiveServer.TestKit;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveServer.Api.Tests;

/// <summary>
/// Pubsub (chat is topic CHAT): a message reaches everyone in the room with one seq, persisted ones are
/// listed by the topic's history, bad input and floods are refused, moderators delete and ban.
/// </summary>
public sealed class PubsubTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private const string Xss = "<script>alert(1)</script>";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task Publish_ChatFromViewer_ReachesEveryoneWithOneSeq_AndIsInHistory()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var a = await JoinAsync(_factory, roomId, "viewer-a");
        await using var b = await JoinAsync(_factory, roomId, "viewer-b");

        var sent = await a.Hub.InvokeAsync<JsonElement>("Publish", roomId, "CHAT", "  hello room  ", new { persist = true });

        var atA = await a.NextAsync("pubsubMessage");
        var atB = await b.NextAsync("pubsubMessage");
        var seq = sent.GetProperty("seq").GetInt64();
        Assert.True(seq > 0);
        Assert.Equal([seq, seq], [atA.GetProperty("seq").GetInt64(), atB.GetProperty("seq").GetInt64()]);
        Assert.Equal(
            (roomId, "CHAT", "viewer-a", "viewer-a", "hello room", sent.GetProperty("id").GetString()),
            (atB.GetProperty("roomId").GetString(), atB.GetProperty("topic").GetString(), atB.GetProperty("senderId").GetString(),
             atB.GetProperty("senderName").GetString(), atB.GetProperty("message").GetString(), atB.GetProperty("id").GetString()));

        var history = await Viewer(roomId, "viewer-b").GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/pubsub/CHAT");
        var listed = Assert.Single(history.GetProperty("data").EnumerateArray());
        Assert.Equal((sent.GetProperty("id").GetString(), seq), (listed.GetProperty("id").GetString(), listed.GetProperty("seq").GetInt64()));
        Assert.Empty((await Viewer(roomId, "viewer-b").GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/pubsub/CHAT?since={seq}")).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Publish_NotPersisted_IsInTheEventLog_NotInHistory()
    {
        var roomId = await _client.CreateRoomAsync();
        var viewer = Viewer(roomId, "v1");

        var answer = await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/pubsub/CHAT", new { message = "fleeting" });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var sent = await answer.Content.ReadFromJsonAsync<JsonElement>();
        var kept = await (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/pubsub/CHAT", new { message = "kept", persist = true })).Content.ReadFromJsonAsync<JsonElement>();

        var history = await viewer.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/pubsub/CHAT");
        Assert.Equal([kept.GetProperty("id").GetString()], history.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        var events = await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/events");
        var logged = events.GetProperty("data").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "pubsubMessage").ToList();
        Assert.Equal(
            [(sent.GetProperty("seq").GetInt64(), "fleeting"), (kept.GetProperty("seq").GetInt64(), "kept")],
            logged.Select(e => (e.GetProperty("seq").GetInt64(), e.GetProperty("data").GetProperty("message").GetString())));
    }

    [Fact]
    public async Task Publish_TooLongEmptyOrBadTopic_Is400NamingTheField_AndAHubException()
    {
        var roomId = await _client.CreateRoomAsync();
        var viewer = Viewer(roomId, "v1");

        Assert.Equal(HttpStatusCode.OK, (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/pubsub/CHAT", new { message = new string('a', 500) })).StatusCode);
        foreach (var (topic, message, field) in new[] { ("CHAT", new string('a', 501), "message"), ("CHAT", "   ", "message"), ("CH%20AT", "hi", "topic"), (new string('t', 65), "hi", "topic") })
        {
            var refused = await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/pubsub/{topic}", new { message });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal([field], (await refused.ProblemAsync()).ErrorFields());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsJsonAsync("/v2/rooms/no-such-room/pubsub/CHAT", new { message = "hi" })).StatusCode);
        await using var hub = await JoinAsync(_factory, roomId, "v2");
        var error = await Assert.ThrowsAsync<HubException>(() => hub.Hub.InvokeAsync<JsonElement>("Publish", roomId, "CHAT", new string('a', 501), null));
        Assert.Contains("message", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_Flood_Is429WithRetryAfter_AndAHubException()
    {
        var roomId = await _client.CreateRoomAsync();
        var viewer = Viewer(roomId, "flooder");

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 30; i++)
        {
            answers.Add(await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/pubsub/CHAT", new { message = $"spam {i}" }));
        }

        var refused = answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.InRange(answers.Count(a => a.StatusCode == HttpStatusCode.OK), 10, 20);

        // The hub shares the sender's bucket; another sender in the room is not affected.
        await using var hub = await JoinAsync(_factory, roomId, "flooder");
        var error = await Assert.ThrowsAsync<HubException>(async () =>
        {
            for (var i = 0; i < 30; i++)
            {
                await hub.Hub.InvokeAsync<JsonElement>("Publish", roomId, "CHAT", "more", null);
            }
        });
        Assert.Contains("Too many messages", error.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Viewer(roomId, "calm").PostAsJsonAsync($"/v2/rooms/{roomId}/pubsub/CHAT", new { message = "hi" })).StatusCode);
    }

    [Fact]
    public async Task Publish_Markup_RoundTripsAsTheSameText()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var watcher = await JoinAsync(_factory, roomId, "watcher");
        var viewer = Viewer(roomId, "v1");

        var answer = await (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/pubsub/CHAT", new { message = Xss, persist = true })).Content.ReadFromJsonAsync<JsonElement>();
        var pushed = await watcher.NextAsync("pubsubMessage");
        var listed = (await viewer.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/pubsub/CHAT")).GetProperty("data")[0];

        foreach (var m in new[] { answer, pushed, listed })
        {
            Assert.Equal(Encoding.UTF8.GetBytes(Xss), Encoding.UTF8.GetBytes(m.GetProperty("message").GetString()!));
        }
    }

    [Fact]
    public async Task ViewerToken_OtherRoomOrControlEndpoints_Is403()
    {
        var roomId = await _client.CreateRoomAsync();
        var other = await _client.CreateRoomAsync();
        var viewer = Viewer(roomId, "v1");

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/v2/rooms/{other}/pubsub/CHAT", new { message = "hi" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/v2/rooms/{other}/pubsub/CHAT")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/v2/hls/start", new { roomId })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/bans", new { participantId = "v2" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/v2/rooms/{roomId}/pubsub/CHAT/pm_x")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.CreateClientWith(null).GetAsync($"/v2/rooms/{roomId}/pubsub/CHAT")).StatusCode);

        await using var hub = await JoinAsync(_factory, roomId, "v1");
        await Assert.ThrowsAsync<HubException>(() => hub.Hub.InvokeAsync<JsonElement>("Publish", other, "CHAT", "hi", null));
        await Assert.ThrowsAsync<HubException>(() => hub.Hub.InvokeAsync<JsonElement>("JoinRoom", other));
    }

    [Fact]
    public async Task Publish_BeforeJoining_IsAHubException()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var hub = _factory.CreateHubConnection(TestTokens.Issue(["viewer"], roomId, "v1"));
        await hub.StartAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("Publish", roomId, "CHAT", "hi", null));
        Assert.Contains("Join room", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModeratorDelete_PushesMessageDeleted_AndHistoryLeavesItOut()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var watcher = await JoinAsync(_factory, roomId, "watcher");
        var viewer = Viewer(roomId, "v1");
        var first = await (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/pubsub/CHAT", new { message = "rude", persist = true })).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/pubsub/CHAT", new { message = "fine", persist = true })).Content.ReadFromJsonAsync<JsonElement>();
        var id = first.GetProperty("id").GetString();

        var moderator = _factory.CreateClientWith("Bearer " + TestTokens.Crawler(roomId));
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.DeleteAsync($"/v2/rooms/{roomId}/pubsub/OTHER/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await moderator.DeleteAsync($"/v2/rooms/{roomId}/pubsub/CHAT/{id}")).StatusCode);

        var deleted = await watcher.NextAsync("messageDeleted");
        Assert.Equal((roomId, "CHAT", id), (deleted.GetProperty("roomId").GetString(), deleted.GetProperty("topic").GetString(), deleted.GetProperty("id").GetString()));
        Assert.True(deleted.GetProperty("seq").GetInt64() > second.GetProperty("seq").GetInt64());
        var history = await viewer.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/pubsub/CHAT");
        Assert.Equal([second.GetProperty("id").GetString()], history.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.DeleteAsync($"/v2/rooms/{roomId}/pubsub/CHAT/pm_unknown")).StatusCode);
    }

    [Fact]
    public async Task ModeratorBan_ClosesTheConnection_RefusesTheToken_LeavesOthers()
    {
        var roomId = await _client.CreateRoomAsync();
        var other = await _client.CreateRoomAsync();
        await using var a = await JoinAsync(_factory, roomId, "viewer-a");
        await using var b = await JoinAsync(_factory, roomId, "viewer-b");
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.Hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        var ban = await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/bans", new { participantId = "viewer-b" });
        Assert.Equal(HttpStatusCode.OK, ban.StatusCode);
        Assert.Equal(1, (await ban.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("closedConnections").GetInt32());

        await closed.Task.WaitAsync(Wait);
        Assert.Equal("viewer-b", (await a.NextAsync("participantBanned")).GetProperty("participantId").GetString());
        await AssertBannedAsync(_factory, roomId, "viewer-b");

        // A is unaffected; B in another room is not banned there.
        await a.Hub.InvokeAsync<JsonElement>("Publish", roomId, "CHAT", "still here", null);
        Assert.Equal(HttpStatusCode.OK, (await Viewer(other, "viewer-b").PostAsJsonAsync($"/v2/rooms/{other}/pubsub/CHAT", new { message = "hi" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/bans", new { participantId = "" })).StatusCode);
    }

    [Fact]
    public async Task Ban_SurvivesARestart()
    {
        using var database = new TemporaryDatabase();
        var settings = database.Settings;
        string roomId;
        await using (var before = new LiveServerFactory(settings))
        {
            var client = before.CreateClient();
            roomId = await client.CreateRoomAsync();
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/v2/rooms/{roomId}/bans", new { participantId = "viewer-b" })).StatusCode);
        }

        await using var after = new LiveServerFactory(settings);
        await AssertBannedAsync(after, roomId, "viewer-b");
        var viewer = after.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, "viewer-a"));
        Assert.Equal(HttpStatusCode.OK, (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/pubsub/CHAT", new { message = "hi" })).StatusCode);
    }

    private static async Task AssertBannedAsync(LiveServerFactory factory, string roomId, string participantId)
    {
        var token = TestTokens.Issue(["viewer"], roomId, participantId);
        var rest = factory.CreateClientWith("Bearer " + token);
        Assert.Equal(HttpStatusCode.Forbidden, (await rest.PostAsJsonAsync($"/v2/rooms/{roomId}/pubsub/CHAT", new { message = "let me in" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rest.GetAsync($"/v2/rooms/{roomId}/pubsub/CHAT")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rest.PostAsJsonAsync($"/v2/rooms/{roomId}/reactions", new { type = "heart" })).StatusCode);
        await using var hub = factory.CreateHubConnection(token);
        await hub.StartAsync();
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("JoinRoom", roomId));
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("Publish", roomId, "CHAT", "let me in", null));
    }

    private HttpClient Viewer(string roomId, string participantId) =>
        _factory.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, participantId));

    private static async Task<Member> JoinAsync(LiveServerFactory factory, string roomId, string participantId)
    {
        var member = new Member(factory.CreateHubConnection(TestTokens.Issue(["viewer"], roomId, participantId)));
        await member.Hub.StartAsync();
        await member.Hub.InvokeAsync<JsonElement>("JoinRoom", roomId);
        return member;
    }

    /// <summary>A hub connection joined to a room, recording the events it gets.</summary>
    private sealed class Member : IAsyncDisposable
    {
        private readonly List<(string Method, JsonElement Message)> _events = [];
        private readonly SemaphoreSlim _arrived = new(0);

        public Member(HubConnection hub)
        {
            Hub = hub;
            foreach (var method in new[] { "pubsubMessage", "messageDeleted", "participantBanned" })
            {
                hub.On<JsonElement>(method, m =>
                {
                    lock (_events)
                    {
                        _events.Add((method, m));
                    }

                    _arrived.Release();
                });
            }
        }

        public HubConnection Hub { get; }

        /// <summary>The first <paramref name="method"/> event not yet taken.</summary>
        public async Task<JsonElement> NextAsync(string method)
        {
            var deadline = DateTime.UtcNow + Wait;
            while (true)
            {
                lock (_events)
                {
                    var i = _events.FindIndex(e => e.Method == method);
                    if (i >= 0)
                    {
                        var found = _events[i].Message;
                        _events.RemoveAt(i);
                        return found;
                    }
                }

                var left = deadline - DateTime.UtcNow;
                Assert.True(left > TimeSpan.Zero && await _arrived.WaitAsync(left), $"No {method} within {Wait}.");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Hub.DisposeAsync();
            _arrived.Dispose();
        }
    }
}
