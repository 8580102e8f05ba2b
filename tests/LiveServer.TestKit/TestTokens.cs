using LiveServer.Api.Auth;

namespace LiveServer.TestKit;

/// <summary>
/// The secret every test server runs with, and tokens for it minted by the server's own
/// <see cref="JwtTokenIssuer"/>. <see cref="Default"/> (roles crawler and rtc) is what test clients,
/// SignalR recorders and pages carry unless a test says otherwise.
/// </summary>
public static class TestTokens
{
    /// <summary><c>Auth:Secret</c> of test servers (48 bytes).</summary>
    public const string Secret = "liveserver-tests-secret-0123456789abcdefghijklmn";

    private static readonly JwtTokenIssuer Issuer = new(Secret);

    /// <summary>A token with both roles and both permissions, valid for a day.</summary>
    public static string Default { get; } = Issue([TokenClaims.CrawlerRole, TokenClaims.RtcRole]);

    /// <summary>A crawler (REST API) token.</summary>
    public static string Crawler(string? roomId = null) => Issue([TokenClaims.CrawlerRole], roomId);

    /// <summary>An rtc (publish, join) token.</summary>
    public static string Rtc(string? roomId = null, string? participantId = null) => Issue([TokenClaims.RtcRole], roomId, participantId);

    /// <summary>A token for <paramref name="roles"/>, valid for <paramref name="lifetime"/> (a day by default).</summary>
    public static string Issue(IReadOnlyList<string> roles, string? roomId = null, string? participantId = null, TimeSpan? lifetime = null) =>
        Issuer.Issue(TokenClaims.ForRoles(roles, DateTimeOffset.UtcNow, lifetime ?? TimeSpan.FromDays(1), roomId, participantId));

    /// <summary>Any claims, signed with the test secret.</summary>
    public static string Issue(TokenClaims claims) => Issuer.Issue(claims);
}
