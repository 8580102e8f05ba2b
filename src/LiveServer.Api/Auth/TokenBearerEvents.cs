using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveServer.Api.Auth;

/// <summary>
/// LiveServer's side of the JwtBearer handler (<see cref="TokenBearerOptions"/>): reads a token from
/// <c>Authorization: Bearer &lt;token&gt;</c>, from a bare <c>Authorization: &lt;token&gt;</c>, or, on the
/// SignalR hub only, from the <c>access_token</c> query the SignalR JavaScript client sends for
/// WebSockets and Server-Sent Events; turns a verified token into the identity of
/// <see cref="TokenAccess.ToIdentity"/> (<see cref="TokenPayload"/>, which also checks <c>apikey</c>);
/// answers refusals with 401/403 ProblemDetails with a generic detail, the reason going to the log at Debug.
/// </summary>
public sealed partial class TokenBearerEvents(IOptions<AuthOptions> auth, ILogger<TokenBearerEvents> logger) : JwtBearerEvents
{
    /// <summary>Where the query form of the token is accepted (the SignalR JavaScript client's convention).</summary>
    public const string HubPathPrefix = "/hubs";

    private const string InvalidToken = "The access token is not valid.";

    /// <inheritdoc />
    public override Task MessageReceived(MessageReceivedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (TokenOf(context.Request) is not { } token)
        {
            context.NoResult();
        }
        else if (token.Length > TokenBearerOptions.MaxTokenLength)
        {
            Refuse(context.Request, "token too long");
            context.Fail(InvalidToken);
        }
        else
        {
            context.Token = token;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task TokenValidated(TokenValidatedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var validation = context.SecurityToken is JsonWebToken token
            ? TokenPayload.Read(token, auth.Value.ApiKey)
            : TokenValidation.Refused("not a JSON Web Token");
        if (validation.Claims is not { } claims)
        {
            Refuse(context.Request, validation.Failure ?? "unknown");
            context.Fail(InvalidToken);
        }
        else
        {
            context.Principal = new ClaimsPrincipal(TokenAccess.ToIdentity(claims, context.Scheme.Name));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Refuse(context.Request, ReasonFor(context.Exception));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task Challenge(JwtBearerChallengeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.HandleResponse();
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized.", "A valid access token is required.").ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task Forbidden(ForbiddenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden.", "The access token does not allow this request.");
    }

    /// <summary>The token a request carries, or null.</summary>
    public static string? TokenOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
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

    /// <summary>Why JwtBearer refused a token, in a few words for the log.</summary>
    public static string ReasonFor(Exception exception) => exception switch
    {
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException => "not valid yet (nbf)",
        SecurityTokenNoExpirationException => "exp missing",
        SecurityTokenInvalidAlgorithmException => "alg is not HS256",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "bad signature",
        SecurityTokenMalformedException or ArgumentException => "malformed",
        _ => exception.GetType().Name,
    };

    private static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;

        // WHIP clients on other origins must be able to read why they were refused.
        if (context.Request.Path.Value?.Contains("/whip", StringComparison.Ordinal) == true)
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).ConfigureAwait(false);
    }

    private void Refuse(HttpRequest request, string reason) => LogRefused(logger, request.Method, request.Path, reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Token refused on {Method} {Path}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, PathString path, string reason);
}
