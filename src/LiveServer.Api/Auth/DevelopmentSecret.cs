using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Auth;

/// <summary>
/// In Development with no <c>Auth:Secret</c>, a random secret for this run, and once the server
/// listens a log line with a ready-made token and the pages' URL carrying it, so a developer can
/// click through. Never used outside Development (there the server refuses to start instead).
/// </summary>
public sealed class DevelopmentSecret
{
    /// <summary>How long the logged token is valid.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(24);

    private readonly Lock _lock = new();

    /// <summary>The generated secret, when there is one.</summary>
    public string? Generated { get; private set; }

    /// <summary>Fills <paramref name="options"/>' secret when it is missing.</summary>
    public void Fill(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.Secret))
        {
            lock (_lock)
            {
                Generated ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
            }

            options.Secret = Generated;
        }
    }

    /// <summary>Logs the generated secret, a token and the page URL once the server has started.</summary>
    public static void AnnounceWhenStarted(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            // The options are resolved (and the secret generated) by the start's validation.
            var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
            var secret = app.Services.GetRequiredService<DevelopmentSecret>();
            if (secret.Generated is null)
            {
                return;
            }

            var issuer = new JwtTokenIssuer(secret.Generated);
            var token = issuer.Issue(TokenClaims.ForRoles(
                [TokenClaims.CrawlerRole, TokenClaims.RtcRole], app.Services.GetRequiredService<TimeProvider>().GetUtcNow(), TokenLifetime,
                apiKey: string.IsNullOrEmpty(auth.ApiKey) ? null : auth.ApiKey));
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? "http://127.0.0.1:5080";
            app.Logger.LogWarning(
                "Auth:Secret is not set: this Development run signs tokens with a random secret, {Secret}. Set Auth__Secret to keep tokens valid across restarts.",
                secret.Generated);
            app.Logger.LogInformation(
                "Development token (crawler + rtc, 24 h): {Token}\nOpen {PageUrl}",
                token,
                $"{address.TrimEnd('/')}/?token={token}");
        });
    }
}
