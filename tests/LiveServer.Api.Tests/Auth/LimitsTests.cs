using System.Net;
using System.Net.Http.Json;
using System.Text;
using LiveServer.TestKit;

namespace LiveServer.Api.Tests.Auth;

/// <summary>Each limit of <c>Limits</c>, set small, refuses the request past it with a problem that names the key.</summary>
public sealed class LimitsTests
{
    [Fact]
    public async Task Body_OverMaxRequestBodySize_413NamingTheKey()
    {
        await using var factory = new LiveServerFactory(new() { ["Limits:MaxRequestBodySize"] = "1024" });
        var client = factory.CreateClient();

        var small = await client.PostAsJsonAsync("/v2/rooms", new { customRoomId = "small" });
        var large = await client.PostAsync("/v2/rooms", new StringContent($$"""{"customRoomId":"{{new string('a', 2000)}}"}""", Encoding.UTF8, "application/json"));
        var offer = await client.PostAsync("/v2/rooms/small/whip", new StringContent(WhipApiTests.Offer + new string(' ', 2000), Encoding.UTF8, "application/sdp"));

        Assert.Equal(HttpStatusCode.Created, small.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Contains("Limits:MaxRequestBodySize", (await large.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, offer.StatusCode);
    }

    [Fact]
    public async Task Rest_OverRestRequestsPerWindow_429WithRetryAfter()
    {
        await using var factory = new LiveServerFactory(new()
        {
            ["Limits:RestRequestsPerWindow"] = "3",
            ["Limits:RateLimitWindow"] = "00:01:00",
        });
        var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v2/rooms/none")).StatusCode);
        }

        var refused = await client.GetAsync("/v2/rooms/none");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Contains("Limits:RestRequestsPerWindow", (await refused.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Whip_OverWhipRequestsPerWindow_429WithRetryAfter()
    {
        await using var factory = new LiveServerFactory(new()
        {
            ["Limits:WhipRequestsPerWindow"] = "2",
            ["Limits:RateLimitWindow"] = "00:01:00",
        });
        var client = factory.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/v2/whip/sessions/none")).StatusCode);
        }

        var refused = await client.DeleteAsync("/v2/whip/sessions/none");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Contains("Limits:WhipRequestsPerWindow", (await refused.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/v2/rooms", new { })).StatusCode);
    }

    [Fact]
    public async Task Rooms_OverMaxRooms_409NamingTheKey()
    {
        await using var factory = new LiveServerFactory(new() { ["Limits:MaxRooms"] = "2" });
        var client = factory.CreateClient();
        await client.CreateRoomAsync();
        await client.CreateRoomAsync();

        var refused = await client.PostAsJsonAsync("/v2/rooms", new { });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(["Limits:MaxRooms"], (await refused.ProblemAsync()).ErrorFields());
    }

    [Fact]
    public async Task Participants_OverMaxParticipantsPerRoom_409ForWhipAndTestParticipants()
    {
        await using var factory = new LiveServerFactory(new() { ["Limits:MaxParticipantsPerRoom"] = "1" });
        var client = factory.CreateClient();
        var roomId = await client.CreateRoomAsync();
        Assert.Equal(HttpStatusCode.Created, (await PostOfferAsync(client, roomId)).StatusCode);

        var whip = await PostOfferAsync(client, roomId);
        var test = await client.PostAsJsonAsync($"/v2/rooms/{roomId}/test-participants", new { name = "Tess" });

        Assert.Equal(HttpStatusCode.Conflict, whip.StatusCode);
        Assert.Equal(["Limits:MaxParticipantsPerRoom"], (await whip.ProblemAsync()).ErrorFields());
        Assert.Equal(HttpStatusCode.Conflict, test.StatusCode);
        Assert.Equal(["Limits:MaxParticipantsPerRoom"], (await test.ProblemAsync()).ErrorFields());
    }

    [Fact]
    public async Task Whip_OverMaxWhipSessionsPerClient_429UntilOneEnds()
    {
        await using var factory = new LiveServerFactory(new() { ["Limits:MaxWhipSessionsPerClient"] = "1" });
        var client = factory.CreateClient();
        var roomId = await client.CreateRoomAsync();
        var first = await PostOfferAsync(client, roomId);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var refused = await PostOfferAsync(client, roomId);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(["Limits:MaxWhipSessionsPerClient"], (await refused.ProblemAsync()).ErrorFields());
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync(first.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostOfferAsync(client, roomId)).StatusCode);
    }

    private static Task<HttpResponseMessage> PostOfferAsync(HttpClient client, string roomId) =>
        client.PostAsync($"/v2/rooms/{roomId}/whip", new StringContent(WhipApiTests.Offer, Encoding.UTF8, "application/sdp"));
}
