using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LiveServer.Api.Auth;

/// <summary>
/// Mints HS256 JSON Web Tokens (RFC 7519, JWS compact serialization of RFC 7515 section 7.1) with
/// LiveServer's claims. The one place tokens are made: the server (its Development token), the
/// <c>token</c> subcommand and the tests all use it.
/// </summary>
public sealed class JwtTokenIssuer
{
    private static readonly string EncodedHeader = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
    private readonly byte[] _key;

    /// <summary>An issuer signing with the UTF-8 bytes of <paramref name="secret"/>.</summary>
    public JwtTokenIssuer(string secret)
        : this(Encoding.UTF8.GetBytes(secret))
    {
    }

    /// <summary>An issuer signing with <paramref name="key"/>.</summary>
    public JwtTokenIssuer(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < AuthOptions.MinimumSecretBytes)
        {
            throw new ArgumentException(AuthOptions.MissingSecretMessage, nameof(key));
        }

        _key = key;
    }

    /// <summary>The compact JWT for <paramref name="claims"/>.</summary>
    public string Issue(TokenClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (claims.ApiKey is not null)
            {
                json.WriteString("apikey", claims.ApiKey);
            }

            WriteArray(json, "permissions", claims.Permissions);
            WriteArray(json, "roles", claims.Roles);
            if (claims.RoomId is not null)
            {
                json.WriteString("roomId", claims.RoomId);
            }

            if (claims.ParticipantId is not null)
            {
                json.WriteString("participantId", claims.ParticipantId);
            }

            if (claims.Name is not null)
            {
                json.WriteString("name", claims.Name);
            }

            if (claims.IssuedAt is { } issuedAt)
            {
                json.WriteNumber("iat", issuedAt.ToUnixTimeSeconds());
            }

            json.WriteNumber("exp", claims.Expires.ToUnixTimeSeconds());
            json.WriteEndObject();
        }

        var signingInput = EncodedHeader + "." + Base64Url.EncodeToString(buffer.ToArray());
        return signingInput + "." + Base64Url.EncodeToString(Sign(_key, signingInput));
    }

    /// <summary>HMAC-SHA256 of the ASCII signing input (RFC 7515 section 5.1).</summary>
    internal static byte[] Sign(byte[] key, string signingInput) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput));

    private static void WriteArray(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
