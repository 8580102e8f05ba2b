using System.Buffers.Text;
using System.Text;
using LiveServer.Api.Auth;
using LiveServer.TestKit;

namespace LiveServer.Api.Tests.Auth;

/// <summary>HS256 tokens against RFC 7515's example and every way a token can be wrong.</summary>
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
    public void Validate_Rfc7515ExampleBeforeItsExp_IsValid()
    {
        var validator = new JwtTokenValidator(RfcKey, null, TimeSpan.Zero, new FixedTime(RfcExp.AddMinutes(-1)));

        var result = validator.Validate(RfcToken);

        Assert.Null(result.Failure);
        Assert.Equal(RfcExp, result.Claims!.Expires);
        Assert.Empty(result.Claims.Roles);
    }

    [Fact]
    public void Validate_Rfc7515ExampleAfterItsExp_IsExpired()
    {
        var validator = new JwtTokenValidator(RfcKey, null, TimeSpan.Zero, new FixedTime(RfcExp));

        Assert.Equal("expired", validator.Validate(RfcToken).Failure);
    }

    [Fact]
    public void Validate_Rfc7515ExampleWithOneSignatureCharacterChanged_BadSignature()
    {
        var validator = new JwtTokenValidator(RfcKey, null, TimeSpan.Zero, new FixedTime(RfcExp.AddMinutes(-1)));
        var tampered = RfcToken[..^1] + (RfcToken[^1] == 'k' ? 'A' : 'k');

        Assert.Equal("bad signature", validator.Validate(tampered).Failure);
    }

    [Fact]
    public void Issue_ThenValidate_RoundTripsEveryClaim()
    {
        var issuer = new JwtTokenIssuer(TestTokens.Secret);
        var claims = new TokenClaims(["rtc"], ["allow_join"], Now.AddHours(1), Now, "room-1", "p-1", "key-1");
        var validator = Validator("key-1");

        var result = validator.Validate(issuer.Issue(claims));

        Assert.Null(result.Failure);
        Assert.Equal(["rtc"], result.Claims!.Roles);
        Assert.Equal(["allow_join"], result.Claims.Permissions);
        Assert.Equal(("room-1", "p-1", "key-1"), (result.Claims.RoomId, result.Claims.ParticipantId, result.Claims.ApiKey));
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
    [InlineData("", "no token")]
    [InlineData("garbage", "not a JWS compact serialization (three parts)")]
    [InlineData("a.b.c.d", "not a JWS compact serialization (three parts)")]
    [InlineData("a!.b.c", "a part is not base64url")]
    public void Validate_Malformed_Refused(string token, string reason) => Assert.Equal(reason, Validator().Validate(token).Failure);

    [Fact]
    public void Validate_TooLong_Refused() => Assert.Equal("token too long", Validator().Validate(new string('a', 9000)).Failure);

    [Theory]
    [InlineData("""{"alg":"none","typ":"JWT"}""", "alg is not HS256")]
    [InlineData("""{"alg":"HS512"}""", "alg is not HS256")]
    [InlineData("""{"typ":"JWT"}""", "alg is not HS256")]
    [InlineData("""{"alg":"HS256","crit":["exp"]}""", "crit is not supported")]
    [InlineData("""["HS256"]""", "header is not a JSON object")]
    [InlineData("""{"alg":""", "header is not JSON")]
    public void Validate_HeaderNotPlainHs256_Refused(string header, string reason) =>
        Assert.Equal(reason, Validator().Validate(Sign(header, """{"exp":9999999999}""")).Failure);

    [Theory]
    [InlineData("""{"roles":["crawler"]}""", "exp missing or not a number")]
    [InlineData("""{"exp":"tomorrow"}""", "exp missing or not a number")]
    [InlineData("""{"exp":1764072000}""", "expired")]
    [InlineData("""{"exp":9999999999,"nbf":9999999000}""", "not valid yet (nbf)")]
    [InlineData("""{"exp":9999999999,"roles":"crawler"}""", "roles or permissions not an array of strings")]
    [InlineData("""{"exp":9999999999,"permissions":[1]}""", "roles or permissions not an array of strings")]
    [InlineData("""{"exp":9999999999,"roomId":7}""", "roomId, participantId or apikey not a string")]
    [InlineData("""[1]""", "payload is not a JSON object")]
    public void Validate_BadPayload_Refused(string payload, string reason) =>
        Assert.Equal(reason, Validator().Validate(Sign("""{"alg":"HS256","typ":"JWT"}""", payload)).Failure);

    [Fact]
    public void Validate_ExpiredWithinClockSkew_StillValid()
    {
        var token = Sign("""{"alg":"HS256"}""", $$"""{"exp":{{Now.AddSeconds(-20).ToUnixTimeSeconds()}}}""");

        Assert.Null(new JwtTokenValidator(Encoding.UTF8.GetBytes(TestTokens.Secret), null, TimeSpan.FromSeconds(30), new FixedTime(Now)).Validate(token).Failure);
        Assert.Equal("expired", new JwtTokenValidator(Encoding.UTF8.GetBytes(TestTokens.Secret), null, TimeSpan.FromSeconds(10), new FixedTime(Now)).Validate(token).Failure);
    }

    [Fact]
    public void Validate_SignedWithAnotherSecret_BadSignature()
    {
        var token = new JwtTokenIssuer("another-secret-that-is-long-enough-0123456789").Issue(TokenClaims.ForRoles(["crawler"], Now, TimeSpan.FromHours(1)));

        Assert.Equal("bad signature", Validator().Validate(token).Failure);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public void Validate_ApiKeyConfiguredAndClaimMissingOrWrong_Refused(string? apiKey)
    {
        var token = new JwtTokenIssuer(TestTokens.Secret).Issue(TokenClaims.ForRoles(["crawler"], Now, TimeSpan.FromHours(1), apiKey: apiKey));

        Assert.Equal("apikey does not match Auth:ApiKey", Validator("right-key").Validate(token).Failure);
    }

    [Fact]
    public void ForRoles_GivesEachRoleItsPermission()
    {
        Assert.Equal(["allow_mod"], TokenClaims.ForRoles(["crawler"], Now, TimeSpan.FromHours(1)).Permissions);
        Assert.Equal(["allow_join"], TokenClaims.ForRoles(["rtc"], Now, TimeSpan.FromHours(1)).Permissions);
        Assert.Equal(["allow_join", "allow_mod"], TokenClaims.ForRoles(["crawler", "rtc"], Now, TimeSpan.FromHours(1)).Permissions);
    }

    private static JwtTokenValidator Validator(string? apiKey = null) =>
        new(Encoding.UTF8.GetBytes(TestTokens.Secret), apiKey, TimeSpan.Zero, new FixedTime(Now));

    /// <summary>A token with any header and payload, correctly signed with the test secret.</summary>
    private static string Sign(string header, string payload)
    {
        var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        return input + "." + Base64Url.EncodeToString(JwtTokenIssuer.Sign(Encoding.UTF8.GetBytes(TestTokens.Secret), input));
    }
}
