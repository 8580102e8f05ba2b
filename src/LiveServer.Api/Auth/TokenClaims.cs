namespace LiveServer.Api.Auth;

/// <summary>What a LiveServer token grants, in the claims of its JWT payload.</summary>
/// <param name="Roles"><c>roles</c>: <c>crawler</c> (REST API), <c>rtc</c> (publish, join) and/or <c>viewer</c> (the audience of one room).</param>
/// <param name="Permissions"><c>permissions</c>: <c>allow_join</c>, <c>allow_mod</c>.</param>
/// <param name="Expires"><c>exp</c>: after this the token is refused.</param>
/// <param name="IssuedAt"><c>iat</c>, when known.</param>
/// <param name="RoomId"><c>roomId</c>: when set, the token works for this room only.</param>
/// <param name="ParticipantId"><c>participantId</c>: when set, the token works for this participant only.</param>
/// <param name="ApiKey"><c>apikey</c>, checked against <c>Auth:ApiKey</c> when that is set.</param>
/// <param name="Name"><c>name</c>: the display name of the token's holder, when given.</param>
public sealed record TokenClaims(
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Permissions,
    DateTimeOffset Expires,
    DateTimeOffset? IssuedAt = null,
    string? RoomId = null,
    string? ParticipantId = null,
    string? ApiKey = null,
    string? Name = null)
{
    /// <summary>The role of REST API clients (servers, dashboards).</summary>
    public const string CrawlerRole = "crawler";

    /// <summary>The role of publishers and viewers that join rooms.</summary>
    public const string RtcRole = "rtc";

    /// <summary>The audience: may join a room's hub, read, chat, vote, ask, react and send gifts in it; nothing else.</summary>
    public const string ViewerRole = "viewer";

    /// <summary>The permission to publish into a room.</summary>
    public const string AllowJoin = "allow_join";

    /// <summary>The permission to moderate (the REST API without the crawler role).</summary>
    public const string AllowMod = "allow_mod";

    /// <summary>
    /// The claims a token for <paramref name="roles"/> carries: <c>crawler</c> gets <c>allow_mod</c>,
    /// <c>rtc</c> gets <c>allow_join</c>, <c>viewer</c> gets none.
    /// </summary>
    public static TokenClaims ForRoles(
        IReadOnlyList<string> roles,
        DateTimeOffset issuedAt,
        TimeSpan lifetime,
        string? roomId = null,
        string? participantId = null,
        string? apiKey = null,
        string? name = null)
    {
        var permissions = new List<string>();
        if (roles.Contains(RtcRole))
        {
            permissions.Add(AllowJoin);
        }

        if (roles.Contains(CrawlerRole))
        {
            permissions.Add(AllowMod);
        }

        return new TokenClaims(roles, permissions, issuedAt + lifetime, issuedAt, roomId, participantId, apiKey, name);
    }
}
