using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LiveServer.Api.Interactive;
using LiveServer.TestKit;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiveServer.Api.Tests;

/// <summary>
/// The Q&amp;A: the audience asks and upvotes (once each, never its own), moderators answer and hide,
/// lists sort by upvotes or time, every change reaches the hub with a seq, an answer is a timed mark on
/// the running livestream (real FFmpeg, audio only), and it all survives a restart.
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed class QuestionsTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private const string Xss = "<img src=x onerror=alert(1)> & \"why\"?";
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task AskUpvoteAnswerHide_SortTopAndNew_EventsCarrySeq()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var watcher = await EventLog.JoinAsync(_factory, roomId, "watcher");

        var q1 = await AskAsync(Viewer(roomId, "a"), roomId, "first?");
        var q2 = await AskAsync(Viewer(roomId, "b"), roomId, "second?");
        var q3 = await AskAsync(Viewer(roomId, "c"), roomId, "third?");
        Assert.Equal(("open", 0L, "a", "a"), (q1.GetProperty("status").GetString(), q1.GetProperty("upvotes").GetInt64(), q1.GetProperty("askerId").GetString(), q1.GetProperty("askerName").GetString()));

        foreach (var voter in new[] { "a", "c", "d" })
        {
            Assert.Equal(HttpStatusCode.OK, (await Upvote(Viewer(roomId, voter), roomId, Id(q2))).StatusCode);
        }

        var upvoted = await (await Upvote(Viewer(roomId, "a"), roomId, Id(q3))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, upvoted.GetProperty("upvotes").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, (await Upvote(Viewer(roomId, "a"), roomId, Id(q2))).StatusCode);
        var own = await Upvote(Viewer(roomId, "b"), roomId, Id(q2));
        Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);
        Assert.Equal(["questionId"], (await own.ProblemAsync()).ErrorFields());

        await Eventually.TrueAsync(() => watcher.Has("questionUpdated", q => Id(q.GetProperty("question")) == Id(q2) && q.GetProperty("question").GetProperty("upvotes").GetInt64() == 3));
        Assert.Equal([Id(q2), Id(q3), Id(q1)], await ListIdsAsync(Viewer(roomId, "e"), roomId, ""));
        Assert.Equal([Id(q2), Id(q3), Id(q1)], await ListIdsAsync(Viewer(roomId, "e"), roomId, "?sort=top"));
        Assert.Equal([Id(q3), Id(q2), Id(q1)], await ListIdsAsync(Viewer(roomId, "e"), roomId, "?sort=new"));

        var answered = await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/questions/{Id(q2)}/answer", new { answer = "  Yes.  " });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var answer = await answered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("answered", "Yes.", 3L), (answer.GetProperty("status").GetString(), answer.GetProperty("answer").GetString(), answer.GetProperty("upvotes").GetInt64()));
        Assert.True(answer.GetProperty("answeredAt").GetDateTimeOffset() >= answer.GetProperty("askedAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/questions/{Id(q2)}/answer", new { answer = "again" })).StatusCode);

        // No body at all: only marked answered.
        var bare = await (await _client.PostAsync($"/v2/rooms/{roomId}/questions/{Id(q3)}/answer", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("answered", JsonValueKind.Null), (bare.GetProperty("status").GetString(), bare.GetProperty("answer").ValueKind));

        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"/v2/rooms/{roomId}/questions/{Id(q1)}/hide", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"/v2/rooms/{roomId}/questions/{Id(q1)}/hide", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"/v2/rooms/{roomId}/questions/{Id(q1)}/answer", null)).StatusCode);
        Assert.Equal([Id(q2), Id(q3)], await ListIdsAsync(Viewer(roomId, "e"), roomId, ""));
        Assert.Equal(HttpStatusCode.NotFound, (await Upvote(Viewer(roomId, "e"), roomId, Id(q1))).StatusCode);
        var forModerators = await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/questions?sort=new");
        Assert.Equal(
            [(Id(q3), "answered"), (Id(q2), "answered"), (Id(q1), "hidden")],
            forModerators.GetProperty("data").EnumerateArray().Select(q => (Id(q), q.GetProperty("status").GetString())));

        // Three asks, coalesced upvotes, two answers and a hide, each numbered after the one before.
        await Eventually.TrueAsync(() => watcher.Has("questionUpdated", q => Id(q.GetProperty("question")) == Id(q1) && q.GetProperty("question").GetProperty("status").GetString() == "hidden"));
        var events = watcher.Snapshot();
        Assert.Equal([Id(q1), Id(q2), Id(q3)], events.Where(e => e.Method == "questionAsked").Select(e => Id(e.Message.GetProperty("question"))));
        Assert.All(events, e => Assert.Equal(roomId, e.Message.GetProperty("roomId").GetString()));
        var seqs = events.Select(e => e.Message.GetProperty("seq").GetInt64()).ToList();
        Assert.True(seqs[0] > 0);
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(seqs.Count, seqs.Distinct().Count());
        var q2Statuses = events
            .Where(e => e.Method == "questionUpdated" && Id(e.Message.GetProperty("question")) == Id(q2))
            .Select(e => (e.Message.GetProperty("question").GetProperty("status").GetString(), e.Message.GetProperty("question").GetProperty("upvotes").GetInt64()))
            .ToList();
        Assert.Equal(("answered", 3L), q2Statuses[^1]);
        Assert.InRange(q2Statuses.Count, 2, 4);

        // A coalesced upvote count never overtakes the answer.
        Assert.DoesNotContain("open", q2Statuses.SkipWhile(u => u.Item1 == "open").Select(u => u.Item1));
    }

    [Fact]
    public async Task List_Pages_And_BadQueries_Are400NamingTheField()
    {
        var roomId = await _client.CreateRoomAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(Id(await AskAsync(Viewer(roomId, $"asker-{i}"), roomId, $"question {i}")));
        }

        var page = await Viewer(roomId, "reader").GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/questions?sort=new&page=2&perPage=2");
        Assert.Equal([ids[2], ids[1]], page.GetProperty("data").EnumerateArray().Select(Id));
        var info = page.GetProperty("pageInfo");
        Assert.Equal((2, 2, 3, 5), (info.GetProperty("currentPage").GetInt32(), info.GetProperty("perPage").GetInt32(), info.GetProperty("lastPage").GetInt32(), info.GetProperty("total").GetInt32()));

        foreach (var (query, field) in new[] { ("sort=best", "sort"), ("page=0", "page"), ("perPage=101", "perPage") })
        {
            var refused = await _client.GetAsync($"/v2/rooms/{roomId}/questions?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal([field], (await refused.ProblemAsync()).ErrorFields());
        }
    }

    [Fact]
    public async Task Ask_BadText_UnknownIds_Are400And404NamingTheField()
    {
        var roomId = await _client.CreateRoomAsync();
        var viewer = Viewer(roomId, "v1");

        Assert.Equal(HttpStatusCode.OK, (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/questions", new { text = new string('é', 300) })).StatusCode);
        foreach (var text in new[] { new string('a', 301), "   ", null })
        {
            var refused = await Viewer(roomId, "v2").PostAsJsonAsync($"/v2/rooms/{roomId}/questions", new { text });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(["text"], (await refused.ProblemAsync()).ErrorFields());
        }

        var tooLong = await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/questions/q_0000000000000000/answer", new { answer = new string('a', 1001) });
        Assert.Equal(["answer"], (await tooLong.ProblemAsync()).ErrorFields());

        var noRoom = await _client.PostAsJsonAsync("/v2/rooms/no-such-room/questions", new { text = "hi?" });
        Assert.Equal(HttpStatusCode.NotFound, noRoom.StatusCode);
        Assert.Equal(["roomId"], (await noRoom.ProblemAsync()).ErrorFields());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/v2/rooms/no-such-room/questions")).StatusCode);
        foreach (var refused in new[]
        {
            await Upvote(viewer, roomId, "q_0000000000000000"),
            await _client.PostAsync($"/v2/rooms/{roomId}/questions/q_0000000000000000/answer", null),
            await _client.PostAsync($"/v2/rooms/{roomId}/questions/q_0000000000000000/hide", null),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Equal(["questionId"], (await refused.ProblemAsync()).ErrorFields());
        }
    }

    [Fact]
    public async Task Viewer_ModerationOrOtherRoom_Is403_BannedIsRefused()
    {
        var roomId = await _client.CreateRoomAsync();
        var other = await _client.CreateRoomAsync();
        var viewer = Viewer(roomId, "v1");
        var question = await AskAsync(viewer, roomId, "may I?");

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/v2/rooms/{roomId}/questions/{Id(question)}/answer", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/v2/rooms/{roomId}/questions/{Id(question)}/hide", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/v2/rooms/{other}/questions", new { text = "here?" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/v2/rooms/{other}/questions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.CreateClientWith(null).GetAsync($"/v2/rooms/{roomId}/questions")).StatusCode);

        // A host (rtc token) takes part as the audience does.
        var host = _factory.CreateClientWith("Bearer " + TestTokens.Rtc(roomId, "host-1"));
        Assert.Equal(HttpStatusCode.OK, (await Upvote(host, roomId, Id(question))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/bans", new { participantId = "v1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/questions", new { text = "still me?" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/v2/rooms/{roomId}/questions")).StatusCode);
    }

    [Fact]
    public async Task Ask_Flood_Is429WithRetryAfter_OthersUnaffected()
    {
        var roomId = await _client.CreateRoomAsync();
        var viewer = Viewer(roomId, "flooder");

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/questions", new { text = $"spam {i}?" }));
        }

        var refused = answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Contains("Interactive:QuestionsPerMinute", (await refused.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.InRange(answers.Count(a => a.StatusCode == HttpStatusCode.OK), 3, 4);
        Assert.Equal(HttpStatusCode.OK, (await Viewer(roomId, "calm").PostAsJsonAsync($"/v2/rooms/{roomId}/questions", new { text = "hi?" })).StatusCode);
    }

    [Fact]
    public async Task Ask_Markup_IsStoredAndPushedVerbatim()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var watcher = await EventLog.JoinAsync(_factory, roomId, "watcher");

        var asked = await AskAsync(Viewer(roomId, "v1"), roomId, Xss);
        await Eventually.TrueAsync(() => watcher.Has("questionAsked", _ => true));
        var pushed = watcher.Snapshot().Single(e => e.Method == "questionAsked").Message.GetProperty("question");
        var listed = (await Viewer(roomId, "v2").GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/questions")).GetProperty("data")[0];

        foreach (var q in new[] { asked, pushed, listed })
        {
            Assert.Equal(Encoding.UTF8.GetBytes(Xss), Encoding.UTF8.GetBytes(q.GetProperty("text").GetString()!));
        }
    }

    [Fact]
    public async Task Answer_MarksTheLivestreamTimeline()
    {
        var marks = new RecordingMarks();
        await using var factory = new LiveServerFactory();
        await using var server = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton<ITimedMarks>(marks))));
        var client = server.CreateClient();
        var roomId = await client.CreateRoomAsync();
        var viewer = server.CreateClient();
        viewer.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Issue(["viewer"], roomId, "v1"));
        var question = await AskAsync(viewer, roomId, Xss);
        var plain = await AskAsync(viewer, roomId, "plain?");

        var answer = await (await client.PostAsJsonAsync($"/v2/rooms/{roomId}/questions/{Id(question)}/answer", new { answer = "42" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v2/rooms/{roomId}/questions/{Id(plain)}/answer", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v2/rooms/{roomId}/questions/{Id(plain)}/hide", null)).StatusCode);

        var (markedRoom, mark) = marks.Taken[0];
        Assert.Equal(2, marks.Taken.Count);
        Assert.Equal((roomId, Id(question), "com.liveserver.question", answer.GetProperty("answeredAt").GetDateTimeOffset()), (markedRoom, mark.Id, mark.Class, mark.Start));
        Assert.Equal(new Dictionary<string, string> { ["X-QUESTION-ID"] = Id(question), ["X-TEXT"] = Xss, ["X-ANSWER"] = "42" }, mark.Attributes);
        Assert.False(marks.Taken[1].Mark.Attributes.ContainsKey("X-ANSWER"));
    }

    [Fact]
    public async Task Answer_WhileLive_IsADateRangeInThePlaylist()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        var id = (await _client.StartHlsAsync(roomId, new { mode = "audio" })).GetProperty("id").GetString()!;
        await states.WaitForAsync("HLS_PLAYABLE", TimeSpan.FromSeconds(30));
        var question = Id(await AskAsync(Viewer(roomId, "v1"), roomId, "Is \"this\" live?"));

        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/questions/{question}/answer", new { answer = "Yes" })).StatusCode);

        string? range = null;
        for (var i = 0; i < 300 && range is null; i++)
        {
            range = (await _client.GetStringAsync($"/hls/{id}/audio.m3u8")).Split('\n')
                .FirstOrDefault(l => l.StartsWith($"#EXT-X-DATERANGE:ID=\"{question}\",", StringComparison.Ordinal));
            await Task.Delay(range is null ? 100 : 0);
        }

        Assert.NotNull(range);
        Assert.Contains("CLASS=\"com.liveserver.question\"", range, StringComparison.Ordinal);
        Assert.EndsWith($",X-ANSWER=\"Yes\",X-QUESTION-ID=\"{question}\",X-TEXT=\"Is 'this' live?\"", range, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync("/v2/hls/end", new { roomId })).StatusCode);
        await states.WaitForAsync("HLS_STOPPED", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Questions_SurviveARestart()
    {
        using var database = new TemporaryDatabase();
        var settings = database.Settings;
        string roomId;
        string answeredId;
        string hiddenId;
        await using (var before = new LiveServerFactory(settings))
        {
            var client = before.CreateClient();
            roomId = await client.CreateRoomAsync();
            var asker = before.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, "asker"));
            answeredId = Id(await AskAsync(asker, roomId, "kept?"));
            hiddenId = Id(await AskAsync(asker, roomId, "hidden?"));
            foreach (var voter in new[] { "v1", "v2" })
            {
                Assert.Equal(HttpStatusCode.OK, (await Upvote(before.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, voter)), roomId, answeredId)).StatusCode);
            }

            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/v2/rooms/{roomId}/questions/{answeredId}/answer", new { answer = "Yes." })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v2/rooms/{roomId}/questions/{hiddenId}/hide", null)).StatusCode);
        }

        await using var after = new LiveServerFactory(settings);
        var viewer = after.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, "v1"));
        var list = await viewer.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/questions");
        var kept = Assert.Single(list.GetProperty("data").EnumerateArray());
        Assert.Equal(
            (answeredId, "kept?", "asker", 2L, "answered", "Yes."),
            (Id(kept), kept.GetProperty("text").GetString(), kept.GetProperty("askerId").GetString(), kept.GetProperty("upvotes").GetInt64(),
             kept.GetProperty("status").GetString(), kept.GetProperty("answer").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await Upvote(viewer, roomId, answeredId)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Upvote(viewer, roomId, hiddenId)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await after.CreateClient().PostAsync($"/v2/rooms/{roomId}/questions/{hiddenId}/hide", null)).StatusCode);
    }

    private HttpClient Viewer(string roomId, string participantId) =>
        _factory.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, participantId));

    private static string Id(JsonElement question) => question.GetProperty("questionId").GetString()!;

    private static Task<HttpResponseMessage> Upvote(HttpClient client, string roomId, string questionId) =>
        client.PostAsync($"/v2/rooms/{roomId}/questions/{questionId}/upvotes", null);

    private static async Task<JsonElement> AskAsync(HttpClient client, string roomId, string text)
    {
        var answer = await client.PostAsJsonAsync($"/v2/rooms/{roomId}/questions", new { text });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var question = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((roomId, "open"), (question.GetProperty("roomId").GetString(), question.GetProperty("status").GetString()));
        return question;
    }

    private static async Task<List<string>> ListIdsAsync(HttpClient client, string roomId, string query) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/questions{query}")).GetProperty("data").EnumerateArray().Select(Id)];

    /// <summary>A hub connection joined to a room as a viewer, keeping its question events in arrival order.</summary>
    private sealed class EventLog : IAsyncDisposable
    {
        private readonly HubConnection _hub;
        private readonly List<(string Method, JsonElement Message)> _events = [];

        private EventLog(HubConnection hub)
        {
            _hub = hub;
            foreach (var method in new[] { "questionAsked", "questionUpdated" })
            {
                hub.On<JsonElement>(method, m =>
                {
                    lock (_events)
                    {
                        _events.Add((method, m));
                    }
                });
            }
        }

        public static async Task<EventLog> JoinAsync(LiveServerFactory factory, string roomId, string participantId)
        {
            var log = new EventLog(factory.CreateHubConnection(TestTokens.Issue(["viewer"], roomId, participantId)));
            await log._hub.StartAsync();
            await log._hub.InvokeAsync<JsonElement>("JoinRoom", roomId);
            return log;
        }

        public bool Has(string method, Func<JsonElement, bool> match)
        {
            lock (_events)
            {
                return _events.Any(e => e.Method == method && match(e.Message));
            }
        }

        public List<(string Method, JsonElement Message)> Snapshot()
        {
            lock (_events)
            {
                return [.. _events];
            }
        }

        public ValueTask DisposeAsync() => _hub.DisposeAsync();
    }

    /// <summary>Takes the marks the server makes, in order.</summary>
    private sealed class RecordingMarks : ITimedMarks
    {
        private readonly List<(string RoomId, TimedMark Mark)> _taken = [];

        public List<(string RoomId, TimedMark Mark)> Taken
        {
            get
            {
                lock (_taken)
                {
                    return [.. _taken];
                }
            }
        }

        public void Mark(string roomId, TimedMark mark)
        {
            lock (_taken)
            {
                _taken.Add((roomId, mark));
            }
        }
    }
}
