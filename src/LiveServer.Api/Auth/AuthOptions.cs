using System.Text;

namespace LiveServer.Api.Auth;

/// <summary>Token settings, section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Auth";

    /// <summary>The shortest secret accepted, in UTF-8 bytes (HS256 wants a key as long as its hash).</summary>
    public const int MinimumSecretBytes = 32;

    /// <summary>The HS256 key every token is signed with (<c>Auth__Secret</c>); at least 32 bytes of UTF-8.</summary>
    public string? Secret { get; set; }

    /// <summary>When set, a token's <c>apikey</c> claim must equal it.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Leeway for <c>exp</c> and <c>nbf</c> between the minting and the checking clock.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>True when a secret of the minimum length is configured.</summary>
    public bool HasValidSecret => Secret is not null && Encoding.UTF8.GetByteCount(Secret) >= MinimumSecretBytes;

    /// <summary>The message when <see cref="Secret"/> is missing or too short.</summary>
    public static string MissingSecretMessage =>
        $"Auth:Secret (environment Auth__Secret) must be set to at least {MinimumSecretBytes} bytes, e.g. the output of `openssl rand -base64 48`.";
}
