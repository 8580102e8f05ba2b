using System.Globalization;

namespace LiveServer.HubLoad;

/// <summary>
/// The coordinator's command line (bench/hub-load.sh passes it on): where the server is, how many
/// viewers in how many load processes, and the load. Every figure has the value as default.
/// </summary>
internal sealed record HubLoadOptions
{
    public const string Usage =
        "usage: LiveServer.HubLoad --url http://127.0.0.1:PORT [--server-pid PID] [--secret S (env Auth__Secret)] [--viewers 10000] "
        + "[--processes N (viewers / 2500)] [--seconds 30] [--reactions 5000] [--chat 200] [--reaction-senders 50] [--chat-senders 20] "
        + "[--votes 1000] [--client raw|signalr] [--concurrency 32] [--settle 5] [--drain 5] [--gcdump] [--slow-viewers 0] [--out bench/results]";

    public required Uri Url { get; init; }

    public int? ServerPid { get; init; }

    public required string Secret { get; init; }

    public int Viewers { get; init; } = 10_000;

    public int Processes { get; init; }

    public TimeSpan Load { get; init; } = TimeSpan.FromSeconds(30);

    public int ReactionsPerSecond { get; init; } = 5000;

    public int ChatPerSecond { get; init; } = 200;

    public int ReactionSenders { get; init; } = 50;

    public int ChatSenders { get; init; } = 20;

    public int Votes { get; init; } = 1000;

    /// <summary>The viewers' client: <c>raw</c> (<see cref="RawViewer"/>) or <c>signalr</c> (<see cref="SignalRViewer"/>).</summary>
    public string Client { get; init; } = "raw";

    /// <summary>Connections each load process opens at once while ramping up.</summary>
    public int Concurrency { get; init; } = 32;

    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Also count the server's live managed heap (dotnet-gcdump, a full collection) before and after the viewers join.</summary>
    public bool Gcdump { get; init; }

    /// <summary>Viewers that join and then stop reading (the bad input): how long until the server drops them, and what they cost the others.</summary>
    public int SlowViewers { get; init; }

    public required string OutputFolder { get; init; }

    /// <summary>Chat messages the run sends at most (the arrays of per-message figures are this long).</summary>
    public int MaxMessages => (int)Math.Ceiling(ChatPerSecond * Load.TotalSeconds) + 16;

    public static HubLoadOptions Parse(IReadOnlyList<string> args, string defaultOutput)
    {
        Uri? url = null;
        int? pid = null;
        var secret = Environment.GetEnvironmentVariable("Auth__Secret");
        var o = new HubLoadOptions { Url = new Uri("http://127.0.0.1"), Secret = string.Empty, OutputFolder = defaultOutput };
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--gcdump")
            {
                o = o with { Gcdump = true };
                continue;
            }

            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            o = args[i] switch
            {
                "--url" => o,
                "--server-pid" => o,
                "--secret" => o,
                "--viewers" => o with { Viewers = Int(value, "--viewers", 1, 100_000) },
                "--processes" => o with { Processes = Int(value, "--processes", 1, 64) },
                "--seconds" => o with { Load = TimeSpan.FromSeconds(Int(value, "--seconds", 1, 3600)) },
                "--reactions" => o with { ReactionsPerSecond = Int(value, "--reactions", 0, 1_000_000) },
                "--chat" => o with { ChatPerSecond = Int(value, "--chat", 0, 100_000) },
                "--reaction-senders" => o with { ReactionSenders = Int(value, "--reaction-senders", 1, 10_000) },
                "--chat-senders" => o with { ChatSenders = Int(value, "--chat-senders", 1, 10_000) },
                "--votes" => o with { Votes = Int(value, "--votes", 0, 100_000) },
                "--client" => o with { Client = value is "raw" or "signalr" ? value : throw new ArgumentException("--client is raw or signalr.") },
                "--concurrency" => o with { Concurrency = Int(value, "--concurrency", 1, 1000) },
                "--settle" => o with { Settle = TimeSpan.FromSeconds(Int(value, "--settle", 0, 600)) },
                "--drain" => o with { Drain = TimeSpan.FromSeconds(Int(value, "--drain", 1, 600)) },
                "--slow-viewers" => o with { SlowViewers = Int(value, "--slow-viewers", 0, 1000) },
                "--out" => o with { OutputFolder = Path.GetFullPath(value) },
                _ => throw new ArgumentException($"Unknown argument {args[i]}. {Usage}"),
            };
            switch (args[i])
            {
                case "--url":
                    url = Uri.TryCreate(value, UriKind.Absolute, out var parsed) ? parsed : throw new ArgumentException("--url must be an absolute URL.");
                    break;
                case "--server-pid":
                    pid = Int(value, "--server-pid", 1, int.MaxValue);
                    break;
                case "--secret":
                    secret = value;
                    break;
            }

            i++;
        }

        if (url is null)
        {
            throw new ArgumentException($"--url is needed. {Usage}");
        }

        if (string.IsNullOrEmpty(secret))
        {
            throw new ArgumentException("The server's secret is needed: --secret or the Auth__Secret environment variable.");
        }

        var processes = o.Processes > 0 ? o.Processes : Math.Max(1, (int)Math.Ceiling(o.Viewers / 2500.0));
        return o with { Url = url, ServerPid = pid, Secret = secret, Processes = Math.Min(processes, o.Viewers) };
    }

    private static int Int(string value, string name, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}.");
}
