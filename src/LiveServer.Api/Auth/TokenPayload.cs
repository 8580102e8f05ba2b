using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace LiveServer.Api.Auth;

/// <summary>
/// LiveServer's claims out of a token whose signature, algorithm and lifetime JwtBearer has already
/// checked (<see cref="TokenBearerOptions"/>): <c>roles</c> and <c>permissions</c> arrays of strings,
/// <c>roomId</c>, <c>participantId</c>, <c>name</c> and <c>apikey</c> strings, numeric <c>exp</c> and
/// <c>iat</c>; a token with a <c>crit</c> header (RFC 7515 section 4.1.11: no extension is understood
/// here), claims of another type, or an <c>apikey</c> other than <c>Auth:ApiKey</c> (when set) is refused.
/// </summary>
public static class TokenPayload
{
    /// <summary>The claims of <paramref name="token"/>, or why it is refused.</summary>
    public static TokenValidation Read(JsonWebToken token, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.TryGetHeaderValue<object>("crit", out _))
        {
            return TokenValidation.Refused("crit is not supported");
        }

        byte[] payload;
        try
        {
            payload = Base64Url.DecodeFromChars(token.EncodedPayload);
        }
        catch (FormatException)
        {
            return TokenValidation.Refused("payload is not base64url");
        }

        return Read(payload, string.IsNullOrEmpty(apiKey) ? null : apiKey);
    }

    private static TokenValidation Read(byte[] payload, string? apiKey)
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

            if (!TryTime(root, "iat", out var issuedAt))
            {
                return TokenValidation.Refused("iat not a number");
            }

            if (!TryStrings(root, "roles", out var roles) || !TryStrings(root, "permissions", out var permissions))
            {
                return TokenValidation.Refused("roles or permissions not an array of strings");
            }

            if (!TryString(root, "roomId", out var roomId) || !TryString(root, "participantId", out var participantId)
                || !TryString(root, "apikey", out var tokenApiKey) || !TryString(root, "name", out var name))
            {
                return TokenValidation.Refused("roomId, participantId, name or apikey not a string");
            }

            if (apiKey is not null && (tokenApiKey is null
                || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(tokenApiKey), Encoding.UTF8.GetBytes(apiKey))))
            {
                return TokenValidation.Refused("apikey does not match Auth:ApiKey");
            }

            return TokenValidation.Valid(new TokenClaims(roles, permissions, expires.Value, issuedAt, roomId, participantId, tokenApiKey, name));
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
