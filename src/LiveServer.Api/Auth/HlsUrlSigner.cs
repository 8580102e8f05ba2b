using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Auth;

/// <summary>
/// Signs playback URLs: <c>?token={expiry}.{signature}</c>, where the expiry is Unix seconds and the
/// signature is base64url HMAC-SHA256 over <c>hls\n{livestreamId}\n{expiry}</c> with a key derived
/// from <c>Auth:Secret</c> (so a playback token is never a valid API token, and the reverse). A token
/// is scoped to one livestream id: every playlist and segment of it, nothing else.
/// </summary>
public sealed class HlsUrlSigner
{
    /// <summary>The query parameter that carries the signature.</summary>
    public const string QueryName = "token";

    private readonly Lazy<byte[]> _key;
    private readonly TimeProvider _time;
    private readonly IOptions<SignedHlsOptions> _options;

    /// <summary>A signer for the configured secret.</summary>
    /// <remarks>
    /// The options are read on first use, not here: hosted services depend on this signer, and the start's
    /// own validation must be what reports an invalid setting.
    /// </remarks>
    public HlsUrlSigner(IOptions<AuthOptions> auth, IOptions<SignedHlsOptions> options, TimeProvider time)
    {
        _key = new Lazy<byte[]>(() => HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(auth.Value.Secret ?? throw new InvalidOperationException(AuthOptions.MissingSecretMessage)),
            "LiveServer HLS playback URL"u8));
        _time = time;
        _options = options;
    }

    /// <summary>True when playlists and segments need a signature.</summary>
    public bool IsRequired => _options.Value.RequireSignedUrls;

    /// <summary>The token value for <paramref name="livestreamId"/>, valid for the configured lifetime.</summary>
    public string Sign(string livestreamId)
    {
        var expires = (_time.GetUtcNow() + _options.Value.SignedUrlLifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return expires + "." + Base64Url.EncodeToString(Mac(livestreamId, expires));
    }

    /// <summary><paramref name="url"/> with the token for <paramref name="livestreamId"/> appended when signatures are required.</summary>
    public string SignUrl(string url, string livestreamId)
    {
        ArgumentNullException.ThrowIfNull(url);
        return IsRequired ? Append(url, Sign(livestreamId)) : url;
    }

    /// <summary>Why <paramref name="token"/> is not valid for <paramref name="livestreamId"/>, or null when it is.</summary>
    public string? Check(string livestreamId, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return "no playback token";
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return "malformed playback token";
        }

        byte[] signature;
        try
        {
            signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return "malformed playback token";
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Mac(livestreamId, token[..dot])))
        {
            return "bad playback signature";
        }

        return _time.GetUtcNow().ToUnixTimeSeconds() >= expires ? "playback token expired" : null;
    }

    /// <summary><paramref name="uri"/> with <c>token=</c> added to its query.</summary>
    public static string Append(string uri, string token)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + QueryName + "=" + Uri.EscapeDataString(token);
    }

    private byte[] Mac(string livestreamId, string expires) =>
        HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes("hls\n" + livestreamId + "\n" + expires));
}
