using LiveServer.Api.Auth;

namespace LiveServer.HubLoad;

/// <summary>
/// Tokens for the run, minted with the server's own <see cref="JwtTokenIssuer"/> and the secret the
/// script gave the server (<c>Auth__Secret</c>): each viewer, sender and voter is its own participant
/// of the room (per-identity rate limits and one vote each apply to participants).
/// </summary>
internal sealed class LoadTokens(string secret)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);
    private readonly JwtTokenIssuer _issuer = new(secret);

    /// <summary>A moderator's token for the REST API (creating the room and polls).</summary>
    public string Moderator() => _issuer.Issue(TokenClaims.ForRoles([TokenClaims.CrawlerRole], DateTimeOffset.UtcNow, Lifetime));

    /// <summary>An audience token for <paramref name="participantId"/> in <paramref name="roomId"/> only.</summary>
    public string Viewer(string roomId, string participantId) =>
        _issuer.Issue(TokenClaims.ForRoles([TokenClaims.ViewerRole], DateTimeOffset.UtcNow, Lifetime, roomId, participantId, name: participantId));
}
