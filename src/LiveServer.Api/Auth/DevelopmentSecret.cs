using System.Security.Cryptography;
using LiveServer.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Auth;

/// <summary>
/// In Development with no <c>Auth:Secret</c>, the secret kept in <see cref="FileName"/> beside the
/// database (<c>Storage:Database</c>, so <c>data/</c> by default), made on first use with mode 600:
/// tokens survive a restart, and <c>LiveServer token ...</c> signs with the same one with no setup.
/// Once the server listens, a log line gives a ready-made token and the pages' URL carrying it, so a
/// developer can click through. Never used outside Development (there the server refuses to start
/// instead).
/// </summary>
public sealed class DevelopmentSecret(IOptions<StorageOptions> storage)
{
    /// <summary>The file that keeps the secret, in the database's folder.</summary>
    public const string FileName = "auth-secret";

    /// <summary>How long the logged token is valid.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(24);

    private readonly Lock _lock = new();

    /// <summary>The secret of the file, when this run signs with it.</summary>
    public string? Generated { get; private set; }

    /// <summary>Where <see cref="Generated"/> is kept, when this run signs with it.</summary>
    public string? FilePath { get; private set; }

    /// <summary>True when this run made the file.</summary>
    public bool Created { get; private set; }

    /// <summary>Fills <paramref name="options"/>' secret from the file when it is missing.</summary>
    /// <exception cref="IOException">The file can be neither read nor made.</exception>
    public void Fill(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.Secret))
        {
            lock (_lock)
            {
                if (Generated is null)
                {
                    FilePath = PathFor(storage.Value.Database);
                    (Generated, Created) = SecretFile.ReadOrCreate(FilePath, NewSecret);
                }
            }

            options.Secret = Generated;
        }
    }

    /// <summary>Where the secret is kept for the database at <paramref name="database"/>.</summary>
    public static string PathFor(string database) => SecretFile.BesideDatabase(database, FileName);

    /// <summary>The secret kept for the database at <paramref name="database"/>, made if there is none yet (the <c>token</c> command's way in).</summary>
    /// <exception cref="IOException">The file can be neither read nor made.</exception>
    public static string ReadOrCreate(string database) => SecretFile.ReadOrCreate(PathFor(database), NewSecret).Secret;

    /// <summary>Logs where the secret is kept, a token and the page URL once the server has started.</summary>
    public static void AnnounceWhenStarted(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            // The options are resolved (and the secret read) by the start's validation.
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
                "Auth:Secret is not set: this Development run signs tokens with the {Kind} secret kept in {SecretPath}; `LiveServer token ...` uses it too. Set Auth__Secret outside Development.",
                secret.Created ? "new random" : "Development",
                secret.FilePath);
            if (secret.FilePath is not null && SecretFile.IsReadableByOthers(secret.FilePath))
            {
                app.Logger.LogWarning("{SecretPath} is readable by other users; chmod 600 it", secret.FilePath);
            }

            app.Logger.LogInformation(
                "Development token (crawler + rtc, 24 h): {Token}\nOpen {PageUrl}",
                token,
                $"{address.TrimEnd('/')}/?token={token}");
        });
    }

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
}
