using LiveServer.Api.Auth;
using LiveServer.Domain.Livestreams;
using LiveServer.Media;
using LiveServer.Media.Templates;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Templates;

/// <summary>
/// What a livestream's template page is opened with: its URL with <c>roomId</c>, <c>livestreamId</c>,
/// <c>apiBase</c> and a short-lived <c>viewer</c> token of the room added to the query, fresh tokens
/// for it later, and the renderer's settings (Chromium, timeouts, which requests the page may make).
/// </summary>
public sealed class TemplatePages(
    IOptions<TemplateOptions> options,
    IOptions<AuthOptions> auth,
    TemplateApiBase apiBase,
    TemplateUrlPolicy policy,
    TimeProvider time)
{
    /// <summary>The display name the page's hub connection carries.</summary>
    public const string ParticipantName = "Template";

    private readonly Lazy<JwtTokenIssuer> _issuer = new(() => new JwtTokenIssuer(auth.Value.Secret!));

    /// <summary>Why templates cannot run here (Chromium is missing), for a 503; null when they can.</summary>
    public string? Unavailable =>
        ChromiumBinary(options.Value.ChromiumPath) is null
            ? $"Chromium was not found at '{options.Value.ChromiumPath}' (Templates:ChromiumPath); run scripts/setup.sh chromium."
            : null;

    /// <summary>The participant id of a livestream's page on the hub (not counted as a viewer).</summary>
    public static string ParticipantId(string livestreamId) => "template-" + livestreamId;

    /// <summary>True for the participant id <see cref="ParticipantId"/> gives.</summary>
    public static bool IsTemplate(string? participantId) => participantId?.StartsWith("template-hls-", StringComparison.Ordinal) == true;

    /// <summary>The address the page is opened at.</summary>
    public Uri PageUrl(Uri template, Livestream livestream)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(livestream);
        var query = new Dictionary<string, string?>
        {
            ["roomId"] = livestream.RoomId,
            ["livestreamId"] = livestream.Id,
            ["apiBase"] = apiBase.Uri?.ToString().TrimEnd('/') ?? string.Empty,
            ["token"] = Token(livestream.RoomId, livestream.Id),
        };
        return new Uri(QueryHelpers.AddQueryString(template.ToString(), query));
    }

    /// <summary>A new viewer token for the livestream's page, scoped to its room.</summary>
    public string Token(string roomId, string livestreamId)
    {
        var apiKey = auth.Value.ApiKey is { Length: > 0 } key ? key : null;
        var claims = TokenClaims.ForRoles(
            [TokenClaims.ViewerRole], time.GetUtcNow(), options.Value.TokenLifetime, roomId, ParticipantId(livestreamId), apiKey, ParticipantName);
        return _issuer.Value.Issue(claims);
    }

    /// <summary>
    /// The renderer's settings for a livestream's page: named by <paramref name="template"/> in
    /// messages (never by the page URL, whose query carries a token), its Chromium labelled with the
    /// livestream's id, fresh tokens for its hub connection.
    /// </summary>
    public TemplateSettings Settings(Uri template, Livestream livestream)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(livestream);
        var o = options.Value;
        return new TemplateSettings(ChromiumBinary(o.ChromiumPath) ?? o.ChromiumPath, o.ReadyTimeout, o.RestartLimit)
        {
            IsAllowed = policy.AllowsRequest,
            Sandbox = o.Sandbox,
            Name = template.ToString(),
            Label = livestream.Id,
            TokenSource = () => Token(livestream.RoomId, livestream.Id),
        };
    }

    /// <summary>The full path of <paramref name="path"/>: itself when it names a file, else the first match on PATH; null when there is none.</summary>
    private static string? ChromiumBinary(string path)
    {
        if (path.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(path) ? path : null;
        }

        return ExecutableLocator.OnPath(path);
    }
}
