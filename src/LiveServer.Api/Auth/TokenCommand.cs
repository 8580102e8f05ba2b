using System.Globalization;
using LiveServer.Storage;

namespace LiveServer.Api.Auth;

/// <summary>
/// <c>LiveServer token --role crawler|rtc|viewer [--room ID] [--participant ID] [--name NAME] [--ttl 1h]</c>:
/// mints a token with the server's own configuration (appsettings and environment, so <c>Auth:Secret</c>
/// and <c>Auth:ApiKey</c>; in Development without <c>Auth:Secret</c>, the secret the server keeps beside
/// its database, <see cref="DevelopmentSecret"/>), prints it alone on the last line and exits without
/// starting the server. A viewer token is always for one room.
/// </summary>
public static class TokenCommand
{
    /// <summary>The subcommand's name, the first argument.</summary>
    public const string Name = "token";

    /// <summary>The lifetime when <c>--ttl</c> is not given.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    /// <summary>How to call it.</summary>
    public const string Usage =
        "Usage: LiveServer token --role crawler|rtc|viewer [--role ...] [--room ID] [--participant ID] [--name NAME] [--ttl 1h]\n"
        + "  --role         crawler (REST API), rtc (publish and join) or viewer (the audience of one room: hub, chat,\n"
        + "                 votes, questions, reactions, gifts); repeat or comma-separate for several\n"
        + "  --room         restrict the token to this room (required with viewer)\n"
        + "  --participant  restrict the token to this participant\n"
        + "  --name         the display name the token carries\n"
        + "  --ttl          lifetime: 90s, 30m, 1h, 7d or hh:mm:ss (default 1h, at most 365d)\n"
        + "Reads Auth:Secret (environment Auth__Secret) and Auth:ApiKey like the server does; in Development\n"
        + "without Auth:Secret, the secret kept in auth-secret beside Storage:Database, as the server does.";

    /// <summary>True when <paramref name="args"/> ask for this subcommand.</summary>
    public static bool IsInvoked(string[] args) => args is [Name, ..];

    /// <summary>Runs the subcommand; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Skip(1).Any(a => a is "--help" or "-h"))
        {
            output.WriteLine(Usage);
            return 0;
        }

        var request = Parse(args.AsSpan(1));
        if (request.Failure is not null)
        {
            error.WriteLine(request.Failure);
            error.WriteLine(Usage);
            return 2;
        }

        var host = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        var options = host.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        if (string.IsNullOrEmpty(options.Secret) && host.Environment.IsDevelopment())
        {
            var storage = host.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
            try
            {
                options.Secret = DevelopmentSecret.ReadOrCreate(storage.Database);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"The Development secret beside Storage:Database ({storage.Database}) cannot be read or made: {e.Message}");
                return 1;
            }
        }

        if (!options.HasValidSecret)
        {
            error.WriteLine(AuthOptions.MissingSecretMessage);
            return 1;
        }

        var claims = TokenClaims.ForRoles(
            request.Roles, DateTimeOffset.UtcNow, request.Lifetime, request.RoomId, request.ParticipantId,
            string.IsNullOrEmpty(options.ApiKey) ? null : options.ApiKey, request.Name);
        output.WriteLine(new JwtTokenIssuer(options.Secret!).Issue(claims));
        return 0;
    }

    private static TokenRequest Parse(ReadOnlySpan<string> args)
    {
        var roles = new List<string>();
        string? room = null, participant = null, name = null;
        var lifetime = DefaultLifetime;
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length)
            {
                return Refused($"{args[i]} needs a value.");
            }

            var value = args[++i];
            switch (args[i - 1])
            {
                case "--role":
                    foreach (var role in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (role is not (TokenClaims.CrawlerRole or TokenClaims.RtcRole or TokenClaims.ViewerRole))
                        {
                            return Refused($"--role must be crawler, rtc or viewer, not '{role}'.");
                        }

                        roles.Add(role);
                    }

                    break;
                case "--room":
                    room = value;
                    break;
                case "--participant":
                    participant = value;
                    break;
                case "--name":
                    name = value;
                    break;
                case "--ttl":
                    if (ParseLifetime(value) is not { } ttl)
                    {
                        return Refused($"--ttl '{value}' is not a lifetime between 1 s and 365 d.");
                    }

                    lifetime = ttl;
                    break;
                default:
                    return Refused($"Unknown option '{args[i - 1]}'.");
            }
        }

        if (roles.Count == 0)
        {
            return Refused("--role is required.");
        }

        return roles.Contains(TokenClaims.ViewerRole) && string.IsNullOrWhiteSpace(room)
            ? Refused("--role viewer needs --room: a viewer token is always for one room.")
            : new TokenRequest([.. roles.Distinct()], room, participant, name, lifetime, null);
    }

    private static TokenRequest Refused(string failure) => new([], null, null, null, DefaultLifetime, failure);

    private static TimeSpan? ParseLifetime(string value)
    {
        TimeSpan? lifetime = null;
        if (value.Length >= 2 && double.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
        {
            lifetime = value[^1] switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                _ => null,
            };
        }

        if (lifetime is null && TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed))
        {
            lifetime = parsed;
        }

        return lifetime is { } t && t >= TimeSpan.FromSeconds(1) && t <= TimeSpan.FromDays(365) ? t : null;
    }

    private sealed record TokenRequest(IReadOnlyList<string> Roles, string? RoomId, string? ParticipantId, string? Name, TimeSpan Lifetime, string? Failure);
}
