using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Auth;

/// <summary>
/// Checks HS256 JSON Web Tokens (RFC 7519 section 7.2, RFC 7515 section 5.2): three base64url parts,
/// a header whose <c>alg</c> is exactly <c>HS256</c> (no <c>none</c>, no other algorithm, no
/// <c>crit</c>), an HMAC-SHA256 signature compared in constant time, a required <c>exp</c> and an
/// optional <c>nbf</c> within <see cref="AuthOptions.ClockSkew"/>, and <c>apikey</c> when
/// <c>Auth:ApiKey</c> is set. Not supported: JWE, nested JWTs, any key other than the one secret.
/// </summary>
public sealed class JwtTokenValidator
{
    /// <summary>Longer tokens are refused without being parsed.</summary>
    public const int MaxTokenLength = 8 * 1024;

    private readonly byte[] _key;
    private readonly string? _apiKey;
    private readonly TimeSpan _skew;
    private readonly TimeProvider _time;

    /// <summary>A validator for the configured secret.</summary>
    public JwtTokenValidator(IOptions<AuthOptions> options, TimeProvider time)
        : this(Encoding.UTF8.GetBytes(options.Value.Secret ?? throw new InvalidOperationException(AuthOptions.MissingSecretMessage)), options.Value.ApiKey, options.Value.ClockSkew, time)
    {
    }

    /// <summary>A validator for <paramref name="key"/>.</summary>
    public JwtTokenValidator(byte[] key, string? apiKey, TimeSpan clockSkew, TimeProvider time)
    {
        _key = key;
        _apiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        _skew = clockSkew;
        _time = time;
    }

    /// <summary>Checks <paramref name="token"/>.</summary>
    public TokenValidation Validate(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return TokenValidation.Refused("no token");
        }

        if (token.Length > MaxTokenLength)
        {
            return TokenValidation.Refused("token too long");
        }

        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return TokenValidation.Refused("not a JWS compact serialization (three parts)");
        }

        if (Decode(parts[0]) is not { } header || Decode(parts[1]) is not { } payload || Decode(parts[2]) is not { } signature)
        {
            return TokenValidation.Refused("a part is not base64url");
        }

        if (CheckHeader(header) is { } headerError)
        {
            return TokenValidation.Refused(headerError);
        }

        var expected = JwtTokenIssuer.Sign(_key, parts[0] + "." + parts[1]);
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return TokenValidation.Refused("bad signature");
        }

        return ReadClaims(payload);
    }

    private static byte[]? Decode(string part)
    {
        try
        {
            return Base64Url.DecodeFromChars(part);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? CheckHeader(byte[] header)
    {
        try
        {
            using var json = JsonDocument.Parse(header);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "header is not a JSON object";
            }

            if (!root.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "HS256")
            {
                return "alg is not HS256";
            }

            if (root.TryGetProperty("crit", out _))
            {
                return "crit is not supported";
            }

            return null;
        }
        catch (JsonException)
        {
            return "header is not JSON";
        }
    }

    private TokenValidation ReadClaims(byte[] payload)
    {
        try
        {
            using var json = JsonDocument.Parse(payload);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return TokenValidation.Refused("payload is not a JSON object");
            }

            if (!TryTime(root, "exp", out var expires) || expires is null)
            {
                return TokenValidation.Refused("exp missing or not a number");
            }

            var now = _time.GetUtcNow();
            if (now >= expires.Value + _skew)
            {
                return TokenValidation.Refused("expired");
            }

            if (!TryTime(root, "nbf", out var notBefore) || (notBefore is { } nbf && now < nbf - _skew))
            {
                return TokenValidation.Refused("not valid yet (nbf)");
            }

            if (!TryTime(root, "iat", out var issuedAt))
            {
                return TokenValidation.Refused("iat not a number");
            }

            if (!TryStrings(root, "roles", out var roles) || !TryStrings(root, "permissions", out var permissions))
            {
                return TokenValidation.Refused("roles or permissions not an array of strings");
            }

            if (!TryString(root, "roomId", out var roomId) || !TryString(root, "participantId", out var participantId)
                || !TryString(root, "apikey", out var apiKey))
            {
                return TokenValidation.Refused("roomId, participantId or apikey not a string");
            }

            if (_apiKey is not null && (apiKey is null
                || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(apiKey), Encoding.UTF8.GetBytes(_apiKey))))
            {
                return TokenValidation.Refused("apikey does not match Auth:ApiKey");
            }

            return TokenValidation.Valid(new TokenClaims(roles, permissions, expires.Value, issuedAt, roomId, participantId, apiKey));
        }
        catch (JsonException)
        {
            return TokenValidation.Refused("payload is not JSON");
        }
    }

    private static bool TryTime(JsonElement root, string name, out DateTimeOffset? time)
    {
        time = null;
        if (!root.TryGetProperty(name, out var value))
        {
            return true;
        }

        // NumericDate (RFC 7519 section 2): seconds, possibly fractional.
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var seconds) || seconds is < 0 or > 253402300799)
        {
            return false;
        }

        time = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        return true;
    }

    private static bool TryStrings(JsonElement root, string name, out IReadOnlyList<string> values)
    {
        values = [];
        if (!root.TryGetProperty(name, out var array))
        {
            return true;
        }

        if (array.ValueKind != JsonValueKind.Array || array.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            return false;
        }

        values = [.. array.EnumerateArray().Select(v => v.GetString()!)];
        return true;
    }

    private static bool TryString(JsonElement root, string name, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element))
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString();
        return true;
    }
}
