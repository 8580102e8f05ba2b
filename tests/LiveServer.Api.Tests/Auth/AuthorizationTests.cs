using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LiveServer.Api.Auth;
using LiveServer.TestKit;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LiveServer.Api.Tests.Auth;

/// <summary>Who may call what: REST, WHIP and the hub with and without the right token.</summary>
public sealed class AuthorizationTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private readonly LiveServerFactory _factory = fixture.Factory;

    public static TheoryData<string?> RefusedTokens => new()
    {
        null,
        "garbage",
        "Bearer garbage",
        "Bearer " + TestTokens.Issue([TokenClaims.CrawlerRole], lifetime: TimeSpan.FromSeconds(-120)),
        "Bearer " + new JwtTokenIssuer("a-different-secret-of-enough-length-0123456789").Issue(
            TokenClaims.ForRoles([TokenClaims.CrawlerRole], DateTimeOffset.UtcNow, TimeSpan.FromHours(1))),
        "Bearer " + TestTokens.Crawler()[..^2] + "AA",
        "Bearer " + Forge("""{"alg":"none"}""", """{"exp":9999999999,"roles":["crawler"]}""", signed: false),
        "Bearer " + Forge("""{"alg":"HS512"}""", """{"exp":9999999999,"roles":["crawler"]}"""),
        "Bearer " + Forge("""{"alg":"HS256","crit":["exp"]}""", """{"exp":9999999999,"roles":["crawler"]}"""),
        "Bearer " + Forge("""{"alg":"HS256"}""", """{"roles":["crawler"]}"""),
        "Bearer " + Forge("""{"alg":"HS256"}""", """{"exp":9999999999,"roles":["crawler"],"roomId":7}"""),
        "Bearer " + Forge("""{"alg":"HS256"}""", $$"""{"exp":9999999999,"roles":["crawler"],"name":"{{new string('a', 9000)}}"}"""),
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task Rest_MissingGarbageExpiredOrBadlySignedToken_401ProblemWithTheSameGenericDetail(string? authorization)
    {
        using var client = _factory.CreateClientWith(authorization);

        var response = await client.GetAsync("/v2/rooms/any");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        var problem = await response.ProblemAsync();
        Assert.Equal("A valid access token is required.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/v2/rooms/any", "GET")]
    [InlineData("/v2/rooms", "POST")]
    [InlineData("/v2/rooms/any/participants", "GET")]
    [InlineData("/v2/rooms/any/test-participants", "POST")]
    [InlineData("/v2/rooms/any/participants/p/pin", "POST")]
    [InlineData("/v2/rooms/any/participants/p", "DELETE")]
    [InlineData("/v2/hls/start", "POST")]
    [InlineData("/v2/hls/end", "POST")]
    [InlineData("/v2/hls", "GET")]
    [InlineData("/v2/hls/any", "GET")]
    [InlineData("/v2/hls/any/active", "GET")]
    [InlineData("/v2/hls/any/config", "PATCH")]
    [InlineData("/v2/hls/capture", "POST")]
    [InlineData("/v2/rooms/any/whip", "POST")]
    [InlineData("/v2/whip/sessions/any", "DELETE")]
    [InlineData("/v2/whip/sessions/any", "PATCH")]
    public async Task EveryApiEndpoint_WithoutToken_401(string path, string method)
    {
        using var client = _factory.CreateClientWith(null);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/")]
    [InlineData("/watch.html")]
    [InlineData("/js/problem.js")]
    [InlineData("/swagger/v2/swagger.json")]
    public async Task PublicPaths_WithoutToken_200(string path)
    {
        using var client = _factory.CreateClientWith(null);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task OpenApi_DeclaresTheBearerScheme()
    {
        using var client = _factory.CreateClientWith(null);

        var document = await client.GetFromJsonAsync<JsonElement>("/swagger/v2/swagger.json");

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
        Assert.True(document.GetProperty("security")[0].TryGetProperty("bearer", out _));
    }

    [Fact]
    public async Task Rest_RawAndBearerHeader_BothAccepted()
    {
        var token = TestTokens.Crawler();
        using var raw = _factory.CreateClientWith(token);
        using var bearer = _factory.CreateClientWith("Bearer " + token);

        Assert.Equal(HttpStatusCode.Created, (await raw.PostAsJsonAsync("/v2/rooms", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await bearer.PostAsJsonAsync("/v2/rooms", new { })).StatusCode);
    }

    [Fact]
    public async Task Rest_AllowModPermissionWithoutCrawlerRole_Accepted()
    {
        var token = TestTokens.Issue(new TokenClaims([], [TokenClaims.AllowMod], DateTimeOffset.UtcNow.AddHours(1)));
        using var client = _factory.CreateClientWith("Bearer " + token);

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/v2/rooms", new { })).StatusCode);
    }

    [Fact]
    public async Task Rest_RtcToken_403Problem()
    {
        using var client = _factory.CreateClientWith("Bearer " + TestTokens.Rtc());

        var response = await client.PostAsJsonAsync("/v2/rooms", new { });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("The access token does not allow this request.", (await response.ProblemAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Rest_CrawlerTokenForAnotherRoom_403_ForItsRoom_Allowed()
    {
        var roomId = await _factory.CreateClient().CreateRoomAsync();
        using var other = _factory.CreateClientWith("Bearer " + TestTokens.Crawler("another-room"));
        using var own = _factory.CreateClientWith("Bearer " + TestTokens.Crawler(roomId));

        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/v2/rooms/{roomId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync($"/v2/rooms/{roomId}")).StatusCode);
    }

    [Fact]
    public async Task Rest_RoomRestrictedToken_MayNotNameAnotherRoomInABodyOrQuery()
    {
        var admin = _factory.CreateClient();
        var own = await admin.CreateRoomAsync();
        var other = await admin.CreateRoomAsync();
        using var restricted = _factory.CreateClientWith("Bearer " + TestTokens.Crawler(own));

        Assert.Equal(HttpStatusCode.Forbidden, (await restricted.PostAsJsonAsync("/v2/hls/start", new { roomId = other })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await restricted.PostAsJsonAsync("/v2/hls/end", new { roomId = other })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await restricted.PostAsJsonAsync("/v2/hls/capture", new { roomId = other })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await restricted.PostAsJsonAsync("/v2/rooms", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await restricted.PostAsJsonAsync("/v2/rooms", new { customRoomId = "elsewhere" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await restricted.GetAsync("/v2/hls")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await restricted.GetAsync($"/v2/hls?roomId={other}")).StatusCode);

        // Its own room passes the check and meets the endpoint's own answer.
        Assert.Equal(HttpStatusCode.OK, (await restricted.GetAsync($"/v2/hls?roomId={own}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await restricted.PostAsJsonAsync("/v2/hls/end", new { roomId = own })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await restricted.PostAsJsonAsync("/v2/rooms", new { customRoomId = own })).StatusCode);
    }

    [Fact]
    public async Task Whip_RtcTokenForTheRoom_Created_ElseRefused()
    {
        var roomId = await _factory.CreateClient().CreateRoomAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostOfferAsync(roomId, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostOfferAsync(roomId, TestTokens.Crawler())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostOfferAsync(roomId, TestTokens.Rtc("another-room"))).StatusCode);
        var withoutJoin = TestTokens.Issue(new TokenClaims([TokenClaims.RtcRole], [], DateTimeOffset.UtcNow.AddHours(1)));
        Assert.Equal(HttpStatusCode.Forbidden, (await PostOfferAsync(roomId, withoutJoin)).StatusCode);

        var created = await PostOfferAsync(roomId, TestTokens.Rtc(roomId));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, created.Headers.Location!.ToString(), TestTokens.Rtc(roomId))).StatusCode);
    }

    [Fact]
    public async Task Whip_Refusal_CarriesCorsSoOtherOriginsCanReadIt()
    {
        var response = await PostOfferAsync("any", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Whip_TokenWithParticipantId_PublishesAsThatParticipant_AndOnlyItMayEndTheSession()
    {
        var roomId = await _factory.CreateClient().CreateRoomAsync();
        var token = TestTokens.Rtc(roomId, "ann");

        var created = await PostOfferAsync(roomId, token);
        var location = created.Headers.Location!.ToString();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var participants = await _factory.CreateClient().GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants");
        Assert.Equal("ann", participants[0].GetProperty("participantId").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await PostOfferAsync(roomId, token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Delete, location, TestTokens.Rtc(roomId, "bob"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Delete, location, TestTokens.Rtc("another-room"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Patch, location, TestTokens.Rtc("another-room"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Delete, location, null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, location, token)).StatusCode);
    }

    [Fact]
    public async Task Hub_WithoutToken_Refused()
    {
        await using var connection = _factory.CreateHubConnection("not-a-token");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Hub_NegotiateWithAccessTokenQuery_AcceptedAsTheJsClientSendsIt()
    {
        using var client = _factory.CreateClientWith(null);
        var token = Uri.EscapeDataString(TestTokens.Rtc());

        var without = await client.PostAsync("/hubs/rooms/negotiate?negotiateVersion=1", null);
        var with = await client.PostAsync($"/hubs/rooms/negotiate?negotiateVersion=1&access_token={token}", null);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/v2/rooms/any?access_token={token}")).StatusCode);
    }

    [Fact]
    public async Task Hub_RtcTokenForARoom_JoinsThatRoomOnly()
    {
        var client = _factory.CreateClient();
        var roomId = await client.CreateRoomAsync();
        var otherRoomId = await client.CreateRoomAsync();
        await using var connection = _factory.CreateHubConnection(TestTokens.Rtc(roomId));
        await connection.StartAsync();

        await connection.InvokeAsync("JoinRoom", roomId);
        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("JoinRoom", otherRoomId));

        Assert.Contains("does not allow room", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_WithoutSecret_GeneratesOneThatItsOwnTokensUse()
    {
        await using var factory = new LiveServerFactory(new() { ["Auth:Secret"] = "" });
        using var anonymous = factory.CreateClientWith(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/v2/rooms", new { })).StatusCode);

        var secret = factory.Services.GetRequiredService<DevelopmentSecret>().Generated;
        Assert.NotNull(secret);
        var token = new JwtTokenIssuer(secret).Issue(TokenClaims.ForRoles([TokenClaims.CrawlerRole], DateTimeOffset.UtcNow, TimeSpan.FromHours(1)));
        using var client = factory.CreateClientWith("Bearer " + token);

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/v2/rooms", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PostAsJsonAsync("/v2/rooms", new { })).StatusCode);
    }

    [Fact]
    public async Task Rest_ApiKeyConfigured_TokenWithoutItRefused_WithItAccepted()
    {
        await using var factory = new LiveServerFactory(new() { ["Auth:ApiKey"] = "key-9" });
        var now = DateTimeOffset.UtcNow;
        using var without = factory.CreateClientWith("Bearer " + TestTokens.Issue(TokenClaims.ForRoles([TokenClaims.CrawlerRole], now, TimeSpan.FromHours(1))));
        using var wrong = factory.CreateClientWith("Bearer " + TestTokens.Issue(TokenClaims.ForRoles([TokenClaims.CrawlerRole], now, TimeSpan.FromHours(1), apiKey: "key-8")));
        using var right = factory.CreateClientWith(TestTokens.Issue(TokenClaims.ForRoles([TokenClaims.CrawlerRole], now, TimeSpan.FromHours(1), apiKey: "key-9")));

        Assert.Equal(HttpStatusCode.Unauthorized, (await without.PostAsJsonAsync("/v2/rooms", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.PostAsJsonAsync("/v2/rooms", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await right.PostAsJsonAsync("/v2/rooms", new { })).StatusCode);
    }

    [Fact]
    public async Task Hub_BareHeaderAccepted_AndAHeaderTakesPrecedenceOverTheQuery()
    {
        using var bare = _factory.CreateClientWith(TestTokens.Rtc());
        using var badHeader = _factory.CreateClientWith("Bearer garbage");
        var token = Uri.EscapeDataString(TestTokens.Rtc());

        Assert.Equal(HttpStatusCode.OK, (await bare.PostAsync("/hubs/rooms/negotiate?negotiateVersion=1", null)).StatusCode);
        Assert.Equal(
            HttpStatusCode.Unauthorized, (await badHeader.PostAsync($"/hubs/rooms/negotiate?negotiateVersion=1&access_token={token}", null)).StatusCode);
    }

    /// <summary>A token with any header and payload, signed with the test secret (or with an empty signature).</summary>
    private static string Forge(string header, string payload, bool signed = true)
    {
        var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        return input + "." + (signed ? Base64Url.EncodeToString(JwtTokenIssuer.Sign(Encoding.UTF8.GetBytes(TestTokens.Secret), input)) : "");
    }

    private Task<HttpResponseMessage> PostOfferAsync(string roomId, string? token) =>
        SendAsync(HttpMethod.Post, $"/v2/rooms/{roomId}/whip", token, new StringContent(WhipApiTests.Offer, Encoding.UTF8, "application/sdp"));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        using var client = _factory.CreateClientWith(token is null ? null : "Bearer " + token);
        content ??= method == HttpMethod.Patch ? new StringContent("a=end-of-candidates\r\n", Encoding.UTF8, "application/trickle-ice-sdpfrag") : null;
        return await client.SendAsync(new HttpRequestMessage(method, path) { Content = content });
    }
}
