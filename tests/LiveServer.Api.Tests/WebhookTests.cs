using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LiveServer.Api.Webhooks;
using LiveServer.Storage;
using LiveServer.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Tests;

/// <summary>
/// Webhooks end to end: real receivers on loopback (<see cref="WebhookReceiver"/>) verify the
/// signature from the README's recipe; the outbox retries, keeps each room's order per target,
/// survives a restart, and a hanging target holds up only itself.
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed class WebhookTests
{
    private const string Secret = "webhook-tests-secret-0123456789";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ParticipantJoined_SignedWithBodyAndId_SeqMatchesEventLog()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        await using var factory = Server(receiver.Url);
        var client = factory.CreateClient();
        var roomId = await client.CreateRoomAsync();

        var participantId = await client.AddTestParticipantAsync(roomId, new { name = "Ann", width = 160, height = 90 });

        var webhook = await WaitForAsync(receiver, r => r.RoomId == roomId && r.WebhookType == "participant-joined");
        Assert.True(webhook.SignatureValid);
        Assert.Equal(204, webhook.Answer);
        Assert.Equal(WebhookHttpClient.UserAgent, webhook.UserAgent);
        Assert.StartsWith("application/json", webhook.ContentType, StringComparison.Ordinal);
        Assert.Equal(
            ["webhookType", "id", "seq", "at", "data"],
            webhook.Body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(webhook.Body.GetProperty("id").GetString(), webhook.WebhookIdHeader);
        Assert.StartsWith("wh_", webhook.WebhookIdHeader, StringComparison.Ordinal);
        Assert.Equal(participantId, webhook.Body.GetProperty("data").GetProperty("participantId").GetString());
        Assert.Equal("Ann", webhook.Body.GetProperty("data").GetProperty("name").GetString());

        var events = await client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/events");
        var logged = Assert.Single(events.GetProperty("data").EnumerateArray(), e => e.GetProperty("type").GetString() == "participantJoined");
        Assert.Equal(logged.GetProperty("seq").GetInt64(), webhook.Seq);
        Assert.Equal(webhook.Seq, webhook.Body.GetProperty("data").GetProperty("seq").GetInt64());
        Assert.Equal(logged.GetProperty("at").GetDateTimeOffset(), webhook.Body.GetProperty("at").GetDateTimeOffset());

        var deliveries = await client.GetFromJsonAsync<JsonElement>("/v2/webhooks/deliveries?status=delivered");
        var delivery = Assert.Single(deliveries.GetProperty("data").EnumerateArray(), d => d.GetProperty("webhookId").GetString() == webhook.WebhookIdHeader);
        Assert.Equal(
            ["id", "webhookId", "webhookType", "url", "roomId", "seq", "status", "attempts", "createdAt", "nextAttemptAt", "lastAttemptAt", "lastError", "deliveredAt"],
            delivery.EnumerateObject().Select(p => p.Name));
        Assert.Equal((receiver.Url, roomId, 1), (delivery.GetProperty("url").GetString(), delivery.GetProperty("roomId").GetString(), delivery.GetProperty("attempts").GetInt32()));
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("lastError").ValueKind);
        var pageInfo = deliveries.GetProperty("pageInfo");
        Assert.Equal((1, 20), (pageInfo.GetProperty("currentPage").GetInt32(), pageInfo.GetProperty("perPage").GetInt32()));
        Assert.True(pageInfo.GetProperty("total").GetInt32() >= 1);
    }

    [Fact]
    public async Task Livestream_WithWebhookUrl_HlsEventsInSeqOrderToGlobalAndOwnUrl()
    {
        await using var global = await WebhookReceiver.StartAsync(Secret);
        await using var own = await WebhookReceiver.StartAsync(Secret);
        await using var factory = Server(global.Url);
        var client = factory.CreateClient();
        var roomId = await client.CreateRoomAsync();

        var start = await client.PostAsJsonAsync("/v2/hls/start", new { roomId, config = new { mode = "audio" }, webhookUrl = own.Url });
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        await WaitForAsync(own, r => r.RoomId == roomId && r.WebhookType == "hls-playable");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v2/hls/end", new { roomId })).StatusCode);
        await WaitForAsync(own, r => r.RoomId == roomId && r.WebhookType == "hls-stopped");
        await WaitForAsync(global, r => r.RoomId == roomId && r.WebhookType == "hls-stopped");

        foreach (var receiver in new[] { global, own })
        {
            var hls = receiver.Accepted.Where(r => r.RoomId == roomId && r.WebhookType.StartsWith("hls-", StringComparison.Ordinal)).ToList();
            Assert.Equal(["hls-starting", "hls-started", "hls-playable", "hls-stopping", "hls-stopped"], hls.Select(r => r.WebhookType));
            Assert.Equal(hls.Select(r => r.Seq).Order(), hls.Select(r => r.Seq));
            Assert.All(receiver.Requests, r => Assert.True(r.SignatureValid));
        }

        // The same event goes to both targets with one id.
        Assert.Equal(
            global.Accepted.Where(r => r.RoomId == roomId).Select(r => r.WebhookIdHeader),
            own.Accepted.Where(r => r.RoomId == roomId).Select(r => r.WebhookIdHeader));
    }

    [Fact]
    public async Task ReceiverUnavailableForAWhile_RetriedWithGrowingGaps_ThenAllDeliveredInSeqOrder()
    {
        var firstRetryDelay = TimeSpan.FromMilliseconds(200);
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        receiver.AnswerUnavailable(4);
        await using var factory = Server(receiver.Url, new() { ["Webhooks:FirstRetryDelay"] = "00:00:00.200" });
        var client = factory.CreateClient();
        var roomId = await client.CreateRoomAsync();

        var ann = await client.AddTestParticipantAsync(roomId, new { name = "Ann", width = 160, height = 90 });
        await client.AddTestParticipantAsync(roomId, new { name = "Ben", width = 160, height = 90 });
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v2/rooms/{roomId}/participants/{ann}")).StatusCode);
        await WaitUntilAsync(() => receiver.Accepted.Count(r => r.RoomId == roomId) == 3);

        var requests = receiver.Requests.Where(r => r.RoomId == roomId).ToList();
        Assert.Equal([1L, 2L, 3L], receiver.Accepted.Where(r => r.RoomId == roomId).Select(r => r.Seq));

        // Nothing of a later seq was even tried before the earlier one was taken.
        Assert.Equal(requests.Select(r => r.Seq).Order(), requests.Select(r => r.Seq));
        var first = requests.Where(r => r.Seq == 1).ToList();
        Assert.Equal([503, 503, 503, 503, 204], first.Select(r => r.Answer));
        for (var i = 1; i < first.Count; i++)
        {
            // A retry never comes before its backoff: 200 ms, 400 ms, 800 ms, 1.6 s.
            var backoff = WebhookDispatcher.RetryDelay(i, firstRetryDelay, TimeSpan.FromMinutes(10));
            Assert.True(first[i].ReceivedAt - first[i - 1].ReceivedAt >= backoff - TimeSpan.FromMilliseconds(50), $"retry {i} came early");
        }

        var delivery = await DeliveryAsync(client, receiver.Url, roomId, 1);
        Assert.Equal(("delivered", 5, "HTTP 503"), (delivery.GetProperty("status").GetString(), delivery.GetProperty("attempts").GetInt32(), delivery.GetProperty("lastError").GetString()));
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("nextAttemptAt").ValueKind);
        Assert.Equal(1, (await DeliveryAsync(client, receiver.Url, roomId, 2)).GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task HangingReceiver_TimedOutAndRetried_HealthyReceiverGetsEverything()
    {
        await using var hanging = await WebhookReceiver.StartAsync(Secret, mode: ReceiverMode.Hang);
        await using var healthy = await WebhookReceiver.StartAsync(Secret);
        await using var factory = Server(hanging.Url, new()
        {
            ["Webhooks:Urls:1"] = healthy.Url,
            ["Webhooks:Timeout"] = "00:00:01",
            ["Webhooks:FirstRetryDelay"] = "00:00:00.100",
            ["Webhooks:MaxConcurrentDeliveries"] = "2",
        });
        var client = factory.CreateClient();
        var roomId = await client.CreateRoomAsync();

        var ann = await client.AddTestParticipantAsync(roomId, new { name = "Ann", width = 160, height = 90 });
        await client.AddTestParticipantAsync(roomId, new { name = "Ben", width = 160, height = 90 });
        await client.DeleteAsync($"/v2/rooms/{roomId}/participants/{ann}");

        await WaitUntilAsync(() => healthy.Accepted.Count(r => r.RoomId == roomId) == 3);
        Assert.Equal([1L, 2L, 3L], healthy.Accepted.Where(r => r.RoomId == roomId).Select(r => r.Seq));
        await WaitForDeliveryAsync(client, hanging.Url, roomId, 1, d => d.GetProperty("attempts").GetInt32() >= 2);

        var head = await DeliveryAsync(client, hanging.Url, roomId, 1);
        Assert.Equal(("pending", "timed out after 1 s"), (head.GetProperty("status").GetString(), head.GetProperty("lastError").GetString()));
        Assert.Equal(0, (await DeliveryAsync(client, hanging.Url, roomId, 2)).GetProperty("attempts").GetInt32());
        Assert.All(hanging.Requests.Where(r => r.RoomId == roomId), r => Assert.Equal(1, r.Seq));
    }

    [Fact]
    public async Task QueuedWhileReceiverDown_SurvivesRestart_DeliveredWithTheKeptSecret()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "liveserver-tests", Guid.NewGuid().ToString("N"));
        var database = Path.Combine(dataPath, "liveserver.db");
        try
        {
            await using var receiver = await WebhookReceiver.StartAsync(string.Empty, mode: ReceiverMode.Unavailable);
            var settings = new Dictionary<string, string?>
            {
                ["Storage:Database"] = database,
                ["Webhooks:Secret"] = string.Empty,
                ["Webhooks:FirstRetryDelay"] = "00:00:00.100",
                ["Webhooks:MaxRetryDelay"] = "00:00:00.500",
            };
            string roomId;
            await using (var before = Server(receiver.Url, settings))
            {
                var client = before.CreateClient();

                // No Webhooks:Secret: the server made one, kept beside the database for the server's user only.
                var secretFile = Path.Combine(dataPath, WebhookSecret.FileName);
                receiver.Secret = (await File.ReadAllTextAsync(secretFile)).Trim();
                Assert.Equal(64, receiver.Secret.Length);
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretFile));
                }

                roomId = await client.CreateRoomAsync();
                await client.AddTestParticipantAsync(roomId, new { name = "Ann", width = 160, height = 90 });
                await WaitForDeliveryAsync(client, receiver.Url, roomId, 1, d => d.GetProperty("attempts").GetInt32() >= 2);
            }

            Assert.DoesNotContain(receiver.Requests, r => r.Accepted);
            receiver.Mode = ReceiverMode.Accept;
            await using var after = Server(receiver.Url, settings);
            var restarted = after.CreateClient();

            var webhook = await WaitForAsync(receiver, r => r.RoomId == roomId && r.Seq == 1);
            Assert.Equal("participant-joined", webhook.WebhookType);
            Assert.True(webhook.SignatureValid);
            var delivery = await DeliveryAsync(restarted, receiver.Url, roomId, 1);
            Assert.Equal("delivered", delivery.GetProperty("status").GetString());
            Assert.True(delivery.GetProperty("attempts").GetInt32() >= 3);
        }
        finally
        {
            if (Directory.Exists(dataPath))
            {
                Directory.Delete(dataPath, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/x")]
    [InlineData("http://[::1]/x")]
    [InlineData("http://localhost:8080/x")]
    [InlineData("http://10.1.2.3/x")]
    [InlineData("ftp://x")]
    [InlineData("not a url")]
    public async Task Start_WebhookUrlRefused_400NamingWebhookUrl(string webhookUrl)
    {
        await using var factory = new LiveServerFactory();
        var client = factory.CreateClient();
        var roomId = await client.CreateRoomAsync();

        var response = await client.PostAsJsonAsync("/v2/hls/start", new { roomId, webhookUrl });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("webhookUrl", (await response.ProblemAsync()).ErrorFields());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v2/hls/{roomId}/active")).StatusCode);
    }

    [Theory]
    [InlineData("ftp://hooks.example/x", "false")]
    [InlineData("http://192.168.1.10/x", "false")]
    public async Task Start_GlobalUrlRefused_FailsNamingTheKey(string url, string allowPrivate)
    {
        await using var factory = new LiveServerFactory(new() { ["Webhooks:Urls:0"] = url, ["Webhooks:AllowPrivateNetworks"] = allowPrivate });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Webhooks:Urls:0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenUp_RetryWithReceiverUp_Delivered_UnknownIs404_DeliveredIs409()
    {
        var port = WebhookReceiver.FreePort();
        var url = $"http://127.0.0.1:{port}/webhooks";
        await using var factory = Server(url, new() { ["Webhooks:RetryFor"] = "00:00:01", ["Webhooks:FirstRetryDelay"] = "00:00:00.100" });
        var client = factory.CreateClient();
        var roomId = await client.CreateRoomAsync();
        await client.AddTestParticipantAsync(roomId, new { name = "Ann", width = 160, height = 90 });

        await WaitForDeliveryAsync(client, url, roomId, 1, d => d.GetProperty("status").GetString() == "failed");
        var failed = await DeliveryAsync(client, url, roomId, 1);
        var id = failed.GetProperty("id").GetString()!;
        Assert.True(failed.GetProperty("attempts").GetInt32() >= 2);
        Assert.False(string.IsNullOrEmpty(failed.GetProperty("lastError").GetString()));
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("nextAttemptAt").ValueKind);
        var listed = await client.GetFromJsonAsync<JsonElement>("/v2/webhooks/deliveries?status=failed&perPage=100");
        Assert.Contains(listed.GetProperty("data").EnumerateArray(), d => d.GetProperty("id").GetString() == id);
        Assert.All(listed.GetProperty("data").EnumerateArray(), d => Assert.Equal("failed", d.GetProperty("status").GetString()));

        await using var receiver = await WebhookReceiver.StartAsync(Secret, port);
        var retry = await client.PostAsync($"/v2/webhooks/deliveries/{id}/retry", null);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("pending", (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var webhook = await WaitForAsync(receiver, r => r.RoomId == roomId && r.Seq == 1);
        Assert.True(webhook.SignatureValid);
        await WaitForDeliveryAsync(client, url, roomId, 1, d => d.GetProperty("status").GetString() == "delivered");
        var again = await client.PostAsync($"/v2/webhooks/deliveries/{id}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("id", (await again.ProblemAsync()).ErrorFields());
        var unknown = await client.PostAsync("/v2/webhooks/deliveries/whd_nope/retry", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("id", (await unknown.ProblemAsync()).ErrorFields());
    }

    [Theory]
    [InlineData("perPage=1000", "perPage")]
    [InlineData("perPage=0", "perPage")]
    [InlineData("page=0", "page")]
    [InlineData("status=lost", "status")]
    public async Task Deliveries_BadQuery_400NamingTheField(string query, string field)
    {
        await using var factory = new LiveServerFactory();
        var client = factory.CreateClient();

        var response = await client.GetAsync($"/v2/webhooks/deliveries?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ProblemAsync()).ErrorFields());
    }

    [Fact]
    public async Task Deliveries_RoomRestrictedToken_403()
    {
        await using var factory = new LiveServerFactory();
        var client = factory.CreateClientWith("Bearer " + TestTokens.Crawler("some-room"));

        var response = await client.GetAsync("/v2/webhooks/deliveries");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Deliver_NameOfPrivateAddressWithoutAllowPrivate_RefusedBeforeConnecting()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        var options = Options.Create(new WebhookOptions { Secret = Secret, Timeout = TimeSpan.FromSeconds(5) });
        var secret = new WebhookSecret(options, Options.Create(new StorageOptions()), NullLogger<WebhookSecret>.Instance);
        using var http = new WebhookHttpClient(options, secret, TimeProvider.System);
        var now = DateTimeOffset.UtcNow;

        // As if the name had resolved to a public address when the URL was accepted, and now resolves to loopback.
        var error = await http.DeliverAsync(
            new StoredWebhookDelivery(
                "whd_1", "wh_1", "participant-joined", $"http://localhost:{receiver.Port}/webhooks", "room", 1, "{}", "pending", 0, now, now, now, null, null, null),
            CancellationToken.None);

        Assert.NotNull(error);
        Assert.Contains("refused", error, StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public void Signature_MadeByServer_VerifiedByTheReadmeRecipe_AndTamperingDetected()
    {
        var key = Encoding.UTF8.GetBytes(Secret);
        var body = Encoding.UTF8.GetBytes("""{"webhookType":"hls-started","id":"wh_1","seq":3,"at":"2025-01-01T00:00:00+00:00","data":{}}""");
        var now = DateTimeOffset.UtcNow;

        var header = WebhookSignature.Create(key, now, body);

        Assert.Matches("^t=[0-9]+,v1=[0-9a-f]{64}$", header);
        Assert.True(WebhookReceiver.SignatureIsValid(header, body, Secret, now));
        Assert.True(WebhookSignature.Verify(header, key, body, now, WebhookSignature.DefaultTolerance));
        Assert.False(WebhookReceiver.SignatureIsValid(header, [.. body, (byte)' '], Secret, now));
        Assert.False(WebhookReceiver.SignatureIsValid(header, body, "another-secret", now));
        Assert.False(WebhookReceiver.SignatureIsValid(header, body, Secret, now.AddMinutes(6)));
        Assert.False(WebhookSignature.Verify(header, key, [.. body, (byte)' '], now, WebhookSignature.DefaultTolerance));
        Assert.False(WebhookSignature.Verify(header, key, body, now.AddMinutes(-6), WebhookSignature.DefaultTolerance));
        Assert.False(WebhookSignature.Verify(header.Replace("t=", "t=1", StringComparison.Ordinal), key, body, now, TimeSpan.MaxValue));
    }

    [Fact]
    public void Signature_KnownVector()
    {
        // HMAC-SHA256("secret", "1700000000.{}"), computed independently (openssl dgst -sha256 -hmac secret).
        var header = WebhookSignature.Create(Encoding.UTF8.GetBytes("secret"), DateTimeOffset.FromUnixTimeSeconds(1700000000), "{}"u8);

        Assert.Equal("t=1700000000,v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163", header);
    }

    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(3, 4000)]
    [InlineData(10, 512_000)]
    [InlineData(11, 600_000)]
    [InlineData(1000, 600_000)]
    public void RetryDelay_DoublesFromTheFirstUpToTheMax(int attempts, int expectedMs)
    {
        Assert.Equal(
            TimeSpan.FromMilliseconds(expectedMs),
            WebhookDispatcher.RetryDelay(attempts, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)));
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    public void IsPrivate_PrivateAddress_True(string address)
    {
        Assert.True(WebhookTargets.IsPrivate(IPAddress.Parse(address)));
        Assert.NotNull(WebhookTargets.Refusal($"http://{(address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address)}/x", allowPrivateNetworks: false));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2001:4860::8888")]
    [InlineData("::ffff:8.8.8.8")]
    public void IsPrivate_PublicAddress_False(string address) =>
        Assert.False(WebhookTargets.IsPrivate(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://localhost/x")]
    [InlineData("https://LOCALHOST./x")]
    [InlineData("http://api.localhost:8080/x")]
    [InlineData("http://user:pass@hooks.example/x")]
    [InlineData("ftp://hooks.example/x")]
    [InlineData("/relative")]
    public void Refusal_LocalNamesAndBadUrls_Refused(string url) =>
        Assert.NotNull(WebhookTargets.Refusal(url, allowPrivateNetworks: false));

    [Theory]
    [InlineData("https://hooks.example/x", false)]
    [InlineData("http://8.8.8.8:8080/x", false)]
    [InlineData("http://127.0.0.1:9/x", true)]
    [InlineData("http://localhost/x", true)]
    public void Refusal_AllowedTargets_Null(string url, bool allowPrivate) =>
        Assert.Null(WebhookTargets.Refusal(url, allowPrivate));

    /// <summary>A server sending every webhook to <paramref name="url"/>, with private targets allowed and quick retries.</summary>
    private static LiveServerFactory Server(string url, Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Webhooks:Urls:0"] = url,
            ["Webhooks:Secret"] = Secret,
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:FirstRetryDelay"] = "00:00:00.100",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return new LiveServerFactory(all);
    }

    /// <summary>The delivery of event <paramref name="seq"/> of <paramref name="roomId"/> to <paramref name="url"/>.</summary>
    private static async Task<JsonElement> DeliveryAsync(HttpClient client, string url, string roomId, long seq) =>
        await FindDeliveryAsync(client, url, roomId, seq) ?? throw new Xunit.Sdk.XunitException($"no delivery of {roomId} #{seq} to {url}");

    private static async Task<JsonElement?> FindDeliveryAsync(HttpClient client, string url, string roomId, long seq)
    {
        for (var page = 1; ; page++)
        {
            var listed = await client.GetFromJsonAsync<JsonElement>($"/v2/webhooks/deliveries?page={page}&perPage=100");
            foreach (var delivery in listed.GetProperty("data").EnumerateArray())
            {
                if (delivery.GetProperty("url").GetString() == url && delivery.GetProperty("roomId").GetString() == roomId
                    && delivery.GetProperty("seq").GetInt64() == seq)
                {
                    return delivery;
                }
            }

            if (page >= listed.GetProperty("pageInfo").GetProperty("lastPage").GetInt32())
            {
                return null;
            }
        }
    }

    /// <summary>Waits until the delivery exists and <paramref name="condition"/> holds for it.</summary>
    private static Task WaitForDeliveryAsync(HttpClient client, string url, string roomId, long seq, Func<JsonElement, bool> condition) =>
        WaitUntilAsync(async () => await FindDeliveryAsync(client, url, roomId, seq) is { } d && condition(d));

    private static async Task<ReceivedWebhook> WaitForAsync(WebhookReceiver receiver, Func<ReceivedWebhook, bool> match)
    {
        ReceivedWebhook? found = null;
        await WaitUntilAsync(() => (found = receiver.Accepted.FirstOrDefault(match)) is not null);
        return found!;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not so within {Patience}");
            await Task.Delay(50);
        }
    }
}
