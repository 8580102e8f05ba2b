using System.Buffers.Text;
using System.Text;
using LiveServer.Api.Auth;
using LiveServer.TestKit;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace LiveServer.Api.Tests.Auth;

/// <summary>
/// HS256 tokens against RFC 7515's example and every way a token can be wrong, checked the way the
/// server does: JwtBearer's token handler with <see cref="TokenBearerOptions"/>' parameters, then
/// <see cref="TokenPayload"/>. (Where the token is read from a request, and the 401/403 answers, are
/// <see cref="AuthorizationTests"/>.)
/// </summary>
public sealed class JwtTokenTests
{
    // RFC 7515 appendix A.1: the HS256 example, its key (JWK "k") and its exp (2011-03-22T18:43:00Z).
    private const string RfcToken =
        "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
        + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private static readonly byte[] RfcKey = Base64Url.DecodeFromChars(
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");

    private static readonly DateTimeOffset RfcExp = DateTimeOffset.FromUnixTimeSeconds(1300819380);
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Validate_Rfc7515ExampleBeforeItsExp_IsValid()
    {
        var result = await CheckAsync(RfcToken, RfcKey, null, TimeSpan.Zero, RfcExp.AddMinutes(-1));

        Assert.Null(result.Failure);
        Assert.Equal(RfcExp, result.Claims!.Expires);
        Assert.Empty(result.Claims.Roles);
    }

    [Fact]
    public async Task Validate_Rfc7515ExampleAfterItsExp_IsExpired() =>
        Assert.Equal("expired", (await CheckAsync(RfcToken, RfcKey, null, TimeSpan.Zero, RfcExp)).Failure);

    [Fact]
    public async Task Validate_Rfc7515ExampleWithOneSignatureCharacterChanged_BadSignature()
    {
        var tampered = RfcToken[..^1] + (RfcToken[^1] == 'k' ? 'A' : 'k');

        Assert.Equal("bad signature", (await CheckAsync(tampered, RfcKey, null, TimeSpan.Zero, RfcExp.AddMinutes(-1))).Failure);
    }

    [Fact]
    public async Task Issue_ThenValidate_RoundTripsEveryClaim()
    {
        var issuer = new JwtTokenIssuer(TestTokens.Secret);
        var claims = new TokenClaims(["rtc"], ["allow_join"], Now.AddHours(1), Now, "room-1", "p-1", "key-1", "Ann Example");

        var result = await ValidateAsync(issuer.Issue(claims), "key-1");

        Assert.Null(result.Failure);
        Assert.Equal(["rtc"], result.Claims!.Roles);
        Assert.Equal(["allow_join"], result.Claims.Permissions);
        Assert.Equal(("room-1", "p-1", "key-1", "Ann Example"), (result.Claims.RoomId, result.Claims.ParticipantId, result.Claims.ApiKey, result.Claims.Name));
        Assert.Equal(Now.AddHours(1), result.Claims.Expires);
        Assert.Equal(Now, result.Claims.IssuedAt);
    }

    [Fact]
    public void Issue_HeaderIsHs256Jwt()
    {
        var token = new JwtTokenIssuer(TestTokens.Secret).Issue(TokenClaims.ForRoles(["crawler"], Now, TimeSpan.FromHours(1)));

        Assert.Equal("""{"alg":"HS256","typ":"JWT"}""", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[0])));
        Assert.Contains("\"roles\":[\"crawler\"]", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[1])), StringComparison.Ordinal);
    }

    [Fact]
    public void Issue_SecretShorterThan32Bytes_Throws() =>
        Assert.Throws<ArgumentException>(() => new JwtTokenIssuer("only-31-bytes-long-secret-xxxxx"));

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c.d")]
    [InlineData("a!.b.c")]
    public async Task Validate_Malformed_Refused(string token) => Assert.Equal("malformed", (await ValidateAsync(token)).Failure);

    [Theory]
    [InlineData("""{"alg":"none","typ":"JWT"}""")]
    [InlineData("""{"alg":"HS512"}""")]
    [InlineData("""{"alg":"RS256"}""")]
    public async Task Validate_HeaderNotHs256_Refused(string header) =>
        Assert.NotNull((await ValidateAsync(Sign(header, """{"exp":9999999999}"""))).Failure);

    [Fact]
    public async Task Validate_AlgNoneUnsigned_Refused() =>
        Assert.NotNull((await ValidateAsync(Base64Url.EncodeToString("""{"alg":"none"}"""u8) + "." + Base64Url.EncodeToString("""{"exp":9999999999,"roles":["crawler"]}"""u8) + ".")).Failure);

    [Theory]
    [InlineData("""{"typ":"JWT"}""")]
    [InlineData("""["HS256"]""")]
    [InlineData("""{"alg":""")]
    public async Task Validate_HeaderWithoutAlgOrNotJson_Refused(string header) =>
        Assert.NotNull((await ValidateAsync(Sign(header, """{"exp":9999999999}"""))).Failure);

    [Fact]
    public async Task Validate_CritHeader_Refused() =>
        Assert.Equal("crit is not supported", (await ValidateAsync(Sign("""{"alg":"HS256","crit":["exp"]}""", """{"exp":9999999999}"""))).Failure);

    [Theory]
    [InlineData("""{"roles":["crawler"]}""", "exp missing")]
    [InlineData("""{"exp":1764072000}""", "expired")]
    [InlineData("""{"exp":9999999999,"nbf":9999999000}""", "not valid yet (nbf)")]
    [InlineData("""{"exp":9999999999,"roles":"crawler"}""", "roles or permissions not an array of strings")]
    [InlineData("""{"exp":9999999999,"permissions":[1]}""", "roles or permissions not an array of strings")]
    [InlineData("""{"exp":9999999999,"roomId":7}""", "roomId, participantId, name or apikey not a string")]
    [InlineData("""{"exp":9999999999,"name":["a"]}""", "roomId, participantId, name or apikey not a string")]
    public async Task Validate_BadPayload_Refused(string payload, string reason) =>
        Assert.Equal(reason, (await ValidateAsync(Sign("""{"alg":"HS256","typ":"JWT"}""", payload))).Failure);

    [Theory]
    [InlineData("""{"exp":"tomorrow"}""")]
    [InlineData("""[1]""")]
    public async Task Validate_PayloadNotAnObjectOrExpNotANumber_Refused(string payload) =>
        Assert.NotNull((await ValidateAsync(Sign("""{"alg":"HS256","typ":"JWT"}""", payload))).Failure);

    [Fact]
    public async Task Validate_ExpiredWithinClockSkew_StillValid()
    {
        var token = Sign("""{"alg":"HS256"}""", $$"""{"exp":{{Now.AddSeconds(-20).ToUnixTimeSeconds()}}}""");
        var key = Encoding.UTF8.GetBytes(TestTokens.Secret);

        Assert.Null((await CheckAsync(token, key, null, TimeSpan.FromSeconds(30), Now)).Failure);
        Assert.Equal("expired", (await CheckAsync(token, key, null, TimeSpan.FromSeconds(10), Now)).Failure);
    }

    [Fact]
    public async Task Validate_SignedWithAnotherSecret_BadSignature()
    {
        var token = new JwtTokenIssuer("another-secret-that-is-long-enough-0123456789").Issue(TokenClaims.ForRoles(["crawler"], Now, TimeSpan.FromHours(1)));

        Assert.Equal("bad signature", (await ValidateAsync(token)).Failure);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Validate_ApiKeyConfiguredAndClaimMissingOrWrong_Refused(string? apiKey)
    {
        var token = new JwtTokenIssuer(TestTokens.Secret).Issue(TokenClaims.ForRoles(["crawler"], Now, TimeSpan.FromHours(1), apiKey: apiKey));

        Assert.Equal("apikey does not match Auth:ApiKey", (await ValidateAsync(token, "right-key")).Failure);
    }

    [Fact]
    public async Task Validate_ApiKeyConfiguredAndClaimRight_Valid()
    {
        var token = new JwtTokenIssuer(TestTokens.Secret).Issue(TokenClaims.ForRoles(["crawler"], Now, TimeSpan.FromHours(1), apiKey: "right-key"));

        Assert.Null((await ValidateAsync(token, "right-key")).Failure);
    }

    [Fact]
    public void Configure_JwtBearerForHs256WithoutClaimMapping()
    {
        var options = new JwtBearerOptions();
        new TokenBearerOptions(Microsoft.Extensions.Options.Options.Create(new AuthOptions { Secret = TestTokens.Secret, ClockSkew = TimeSpan.FromSeconds(7) }), TimeProvider.System)
            .Configure(TokenBearerOptions.SchemeName, options);

        var parameters = options.TokenValidationParameters;
        Assert.False(options.MapInboundClaims);
        Assert.Equal(["HS256"], parameters.ValidAlgorithms);
        Assert.True(parameters.RequireExpirationTime && parameters.RequireSignedTokens && parameters.ValidateLifetime);
        Assert.Equal(TimeSpan.FromSeconds(7), parameters.ClockSkew);
        Assert.Equal(("participantId", "roles"), (parameters.NameClaimType, parameters.RoleClaimType));
        Assert.Equal(typeof(TokenBearerEvents), options.EventsType);
    }

    [Fact]
    public void ForRoles_ViewerGetsNoPermissionAndKeepsRoomParticipantAndName()
    {
        var claims = TokenClaims.ForRoles([TokenClaims.ViewerRole], Now, TimeSpan.FromHours(1), "room-1", "p-1", name: "Ann");

        Assert.Empty(claims.Permissions);
        Assert.Equal(("room-1", "p-1", "Ann"), (claims.RoomId, claims.ParticipantId, claims.Name));
    }

    [Fact]
    public void ForRoles_GivesEachRoleItsPermission()
    {
        Assert.Equal(["allow_mod"], TokenClaims.ForRoles(["crawler"], Now, TimeSpan.FromHours(1)).Permissions);
        Assert.Equal(["allow_join"], TokenClaims.ForRoles(["rtc"], Now, TimeSpan.FromHours(1)).Permissions);
        Assert.Equal(["allow_join", "allow_mod"], TokenClaims.ForRoles(["crawler", "rtc"], Now, TimeSpan.FromHours(1)).Permissions);
    }

    private static Task<TokenValidation> ValidateAsync(string token, string? apiKey = null) =>
        CheckAsync(token, Encoding.UTF8.GetBytes(TestTokens.Secret), apiKey, TimeSpan.Zero, Now);

    /// <summary>As the server checks a token: JwtBearer's own handler (claims unmapped), our parameters at <paramref name="now"/>, then our claims.</summary>
    private static async Task<TokenValidation> CheckAsync(string token, byte[] key, string? apiKey, TimeSpan clockSkew, DateTimeOffset now)
    {
        var handler = new JwtBearerOptions { MapInboundClaims = false }.TokenHandlers.Single();
        var result = await handler.ValidateTokenAsync(token, TokenBearerOptions.ValidationParameters(key, clockSkew, new FixedTime(now)));
        if (!result.IsValid)
        {
            return TokenValidation.Refused(TokenBearerEvents.ReasonFor(result.Exception));
        }

        return TokenPayload.Read((JsonWebToken)result.SecurityToken, apiKey);
    }

    /// <summary>A token with any header and payload, correctly signed with the test secret.</summary>
    private static string Sign(string header, string payload)
    {
        var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        return input + "." + Base64Url.EncodeToString(JwtTokenIssuer.Sign(Encoding.UTF8.GetBytes(TestTokens.Secret), input));
    }
}
