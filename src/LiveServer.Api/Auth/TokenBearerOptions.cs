using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace LiveServer.Api.Auth;

/// <summary>
/// ASP.NET Core's JwtBearer handler set up for LiveServer's tokens (RFC 7519, JWS compact
/// serialization of RFC 7515 as <see cref="JwtTokenIssuer"/> mints them): exactly <c>HS256</c>
/// (no <c>none</c>, no other algorithm) with the UTF-8 bytes of <c>Auth:Secret</c> as the one key, a
/// required <c>exp</c> and an optional <c>nbf</c> within <c>Auth:ClockSkew</c>, no issuer or audience
/// (the server mints none; there is one issuer, itself), and claim names as they are in the token
/// (<c>roles</c>, <c>permissions</c>, <c>roomId</c>, <c>participantId</c>, <c>name</c>, <c>apikey</c>).
/// Where the token is read, the claims and the refusals are <see cref="TokenBearerEvents"/>.
/// Not supported: JWE, nested JWTs, any key other than the one secret.
/// </summary>
public sealed class TokenBearerOptions(IOptions<AuthOptions> auth, TimeProvider time) : IConfigureNamedOptions<JwtBearerOptions>
{
    /// <summary>The authentication scheme's name.</summary>
    public const string SchemeName = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>Longer tokens are refused without being parsed.</summary>
    public const int MaxTokenLength = 8 * 1024;

    /// <inheritdoc />
    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name == SchemeName)
        {
            Configure(options);
        }
    }

    /// <inheritdoc />
    public void Configure(JwtBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var secret = auth.Value.Secret ?? throw new InvalidOperationException(AuthOptions.MissingSecretMessage);
        options.MapInboundClaims = false;
        options.IncludeErrorDetails = false;
        options.TimeProvider = time;
        options.TokenValidationParameters = ValidationParameters(Encoding.UTF8.GetBytes(secret), auth.Value.ClockSkew, time);
        options.EventsType = typeof(TokenBearerEvents);
    }

    /// <summary>What a token is checked against: <paramref name="key"/>, HS256 only, <c>exp</c> required, <paramref name="clockSkew"/> by <paramref name="time"/>.</summary>
    public static TokenValidationParameters ValidationParameters(byte[] key, TimeSpan clockSkew, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(time);
        return new()
        {
            IssuerSigningKey = new SymmetricSecurityKey(key),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = clockSkew,

            // The library's own lifetime check reads the system clock (IdentityModel 8 has no public
            // TimeProvider here); the same rules on the injected clock, so tests can set the time.
            LifetimeValidator = (notBefore, expires, _, parameters) => CheckLifetime(time.GetUtcNow().UtcDateTime, notBefore, expires, parameters.ClockSkew),
            ValidateIssuer = false,
            ValidateAudience = false,
            NameClaimType = TokenAccess.ParticipantIdClaim,
            RoleClaimType = TokenAccess.RolesClaim,
        };
    }

    // RFC 7519 sections 4.1.4 and 4.1.5: refused at or after exp and before nbf, each widened by the skew.
    private static bool CheckLifetime(DateTime now, DateTime? notBefore, DateTime? expires, TimeSpan skew)
    {
        if (expires is not { } exp)
        {
            throw new SecurityTokenNoExpirationException("The token has no exp.");
        }

        if (now >= exp + skew)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = exp };
        }

        if (notBefore is { } nbf && now < nbf - skew)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet (nbf).") { NotBefore = nbf };
        }

        return true;
    }
}
