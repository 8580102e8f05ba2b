using System.Security.Claims;
using LiveServer.Api.Auth;

namespace LiveServer.Api.Interactive;

/// <summary>Who publishes: the token's participant (viewers always have one), else <c>moderator</c>.</summary>
/// <param name="Id">The participant id, or <see cref="ModeratorId"/>.</param>
/// <param name="Name">The token's <c>name</c> claim, else <paramref name="Id"/>.</param>
public sealed record PubsubSender(string Id, string Name)
{
    /// <summary>The sender id of a token without a participant (a moderator's or a server's).</summary>
    public const string ModeratorId = "moderator";

    /// <summary>The claim that carries a display name.</summary>
    public const string NameClaim = "name";

    /// <summary>The sender <paramref name="user"/>'s token names.</summary>
    public static PubsubSender Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var id = user.RestrictedParticipant() ?? ModeratorId;
        var name = user.FindFirst(NameClaim)?.Value;
        return new PubsubSender(id, string.IsNullOrWhiteSpace(name) ? id : name);
    }
}
