using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Auth;

/// <summary>
/// Reads a LiveServer token from <c>Authorization: Bearer &lt;token&gt;</c>, from a bare
/// <c>Authorization: &lt;token&gt;</c>, or, on the SignalR hub only, from the <c>access_token</c> query
/// the SignalR JavaScript client sends for WebSockets and Server-Sent Events. Refusals are 401/403
/// ProblemDetails with a generic detail; the reason goes to the log at Debug.
/// </summary>
public sealed partial class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    JwtTokenValidator validator,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary>The authentication scheme's name.</summary>
    public const string SchemeName = "LiveServerToken";

    /// <summary>Where the query form of the token is accepted (the SignalR JavaScript client's convention).</summary>
    public const string HubPathPrefix = "/hubs";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (TokenOf(Request) is not { } token)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var validation = validator.Validate(token);
        if (validation.Claims is not { } claims)
        {
            LogRefused(Logger, Request.Method, Request.Path, validation.Failure ?? "unknown");
            return Task.FromResult(AuthenticateResult.Fail("The access token is not valid."));
        }

        var principal = new ClaimsPrincipal(TokenAccess.ToIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized.", "A valid access token is required.").ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden.", "The access token does not allow this request.");

    /// <summary>The token a request carries, or null.</summary>
    public static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString().Trim();
        if (header.Length > 0)
        {
            return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : header;
        }

        return request.Path.StartsWithSegments(HubPathPrefix, StringComparison.OrdinalIgnoreCase)
            && request.Query["access_token"].ToString() is { Length: > 0 } query
            ? query
            : null;
    }

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;

        // WHIP clients on other origins must be able to read why they were refused.
        if (Request.Path.Value?.Contains("/whip", StringComparison.Ordinal) == true)
        {
            Response.Headers.AccessControlAllowOrigin = "*";
        }

        await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Token refused on {Method} {Path}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, PathString path, string reason);
}
