namespace LiveServer.Api.Auth;

/// <summary>
/// The authorization policies endpoints name: which roles may call. Which room a restricted token may
/// act on is the endpoint's own <see cref="RoomScopedAttribute"/> metadata, whatever its policy.
/// </summary>
public static class AuthPolicies
{
    /// <summary>The REST API: role <c>crawler</c> or permission <c>allow_mod</c>.</summary>
    public const string Api = "api";

    /// <summary>WHIP publishing: role <c>rtc</c> with permission <c>allow_join</c>.</summary>
    public const string Publish = "publish";

    /// <summary>Any valid token (the SignalR hub, WHIP session resources, which check the room themselves).</summary>
    public const string AnyToken = "token";

    /// <summary>The audience's endpoints (chat, polls, questions, reactions, gifts): role <c>viewer</c>, <c>rtc</c> or a moderator.</summary>
    public const string Audience = "audience";
}
