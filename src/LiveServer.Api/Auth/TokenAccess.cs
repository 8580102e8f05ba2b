using System.Security.Claims;

namespace LiveServer.Api.Auth;

/// <summary>What an authenticated caller's token allows, read from its claims.</summary>
public static class TokenAccess
{
    /// <summary>The claim type of roles.</summary>
    public const string RolesClaim = "roles";

    /// <summary>The claim type of permissions.</summary>
    public const string PermissionsClaim = "permissions";

    /// <summary>The claim type of the room restriction.</summary>
    public const string RoomIdClaim = "roomId";

    /// <summary>The claim type of the participant restriction.</summary>
    public const string ParticipantIdClaim = "participantId";

    /// <summary>The claim type of the holder's display name.</summary>
    public const string NameClaim = "name";

    /// <summary>The claim type of when the token was issued (<c>iat</c>, Unix seconds).</summary>
    public const string IssuedAtClaim = "iat";

    /// <summary>The identity carrying <paramref name="claims"/>.</summary>
    public static ClaimsIdentity ToIdentity(TokenClaims claims, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var list = new List<Claim>();
        list.AddRange(claims.Roles.Select(r => new Claim(RolesClaim, r)));
        list.AddRange(claims.Permissions.Select(p => new Claim(PermissionsClaim, p)));
        if (claims.RoomId is not null)
        {
            list.Add(new Claim(RoomIdClaim, claims.RoomId));
        }

        if (claims.ParticipantId is not null)
        {
            list.Add(new Claim(ParticipantIdClaim, claims.ParticipantId));
        }

        if (claims.Name is not null)
        {
            list.Add(new Claim(NameClaim, claims.Name));
        }

        if (claims.IssuedAt is { } issuedAt)
        {
            list.Add(new Claim(IssuedAtClaim, issuedAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        }

        return new ClaimsIdentity(list, authenticationType, ParticipantIdClaim, RolesClaim);
    }

    /// <summary>True for the REST API: role <c>crawler</c> or permission <c>allow_mod</c>.</summary>
    public static bool MayModerate(this ClaimsPrincipal user) =>
        user.HasClaim(RolesClaim, TokenClaims.CrawlerRole) || user.HasClaim(PermissionsClaim, TokenClaims.AllowMod);

    /// <summary>
    /// True when the token may take part in a room as its audience does (chat, votes, questions,
    /// reactions, gifts): a viewer, a host (<c>rtc</c>) or a moderator.
    /// </summary>
    public static bool MayTakePart(this ClaimsPrincipal user) =>
        user.HasClaim(RolesClaim, TokenClaims.ViewerRole) || user.HasClaim(RolesClaim, TokenClaims.RtcRole) || user.MayModerate();

    /// <summary>True for publishing: role <c>rtc</c> with permission <c>allow_join</c>.</summary>
    public static bool MayPublish(this ClaimsPrincipal user) =>
        user.HasClaim(RolesClaim, TokenClaims.RtcRole) && user.HasClaim(PermissionsClaim, TokenClaims.AllowJoin);

    /// <summary>The room the token is restricted to, if any.</summary>
    public static string? RestrictedRoom(this ClaimsPrincipal user) => user.FindFirst(RoomIdClaim)?.Value;

    /// <summary>When the token was issued (its <c>iat</c>, whole seconds), if it says.</summary>
    public static DateTimeOffset? IssuedAt(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst(IssuedAtClaim)?.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>The participant the token is restricted to, if any.</summary>
    public static string? RestrictedParticipant(this ClaimsPrincipal user) => user.FindFirst(ParticipantIdClaim)?.Value;

    /// <summary>The display name the token carries, if any.</summary>
    public static string? DisplayName(this ClaimsPrincipal user) => user.FindFirst(NameClaim)?.Value;

    /// <summary>True unless the token is restricted to another room.</summary>
    public static bool AllowsRoom(this ClaimsPrincipal user, string roomId) =>
        user.RestrictedRoom() is not { } restricted || string.Equals(restricted, roomId, StringComparison.Ordinal);

    /// <summary>True unless the token is restricted to another participant.</summary>
    public static bool AllowsParticipant(this ClaimsPrincipal user, string participantId) =>
        user.RestrictedParticipant() is not { } restricted || string.Equals(restricted, participantId, StringComparison.Ordinal);
}
