using System.Globalization;

namespace LiveServer.IngestLoad;

/// <summary>Command line: <c>--seconds N --sessions 1,4 --rates max,realtime,2000 --out DIR</c>.</summary>
internal sealed record IngestLoadOptions(TimeSpan Blast, IReadOnlyList<int> Sessions, IReadOnlyList<string> Rates, string OutputFolder)
{
    public const string Usage =
        "usage: LiveServer.IngestLoad [--seconds N (20)] [--sessions 1,4] [--rates max,realtime (or packets/s per session)] [--out bench/results]";

    public static IngestLoadOptions Parse(IReadOnlyList<string> args, string repositoryRoot)
    {
        var seconds = 20.0;
        IReadOnlyList<int> sessions = [1, 4];
        IReadOnlyList<string> rates = ["max", "realtime"];
        var output = Path.Combine(repositoryRoot, "bench", "results");
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            switch (args[i])
            {
                case "--seconds":
                    seconds = double.Parse(value, CultureInfo.InvariantCulture);
                    if (seconds is < 1 or > 600)
                    {
                        throw new ArgumentException("--seconds must be between 1 and 600.");
                    }

                    break;
                case "--sessions":
                    sessions = value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
                    if (sessions.Any(s => s is < 1 or > 32))
                    {
                        throw new ArgumentException("--sessions takes counts between 1 and 32.");
                    }

                    break;
                case "--rates":
                    rates = value.Split(',').Select(r => r.Trim().ToLowerInvariant()).ToList();
                    if (rates.Any(r => r is not ("max" or "realtime") && !(double.TryParse(r, CultureInfo.InvariantCulture, out var pps) && pps > 0)))
                    {
                        throw new ArgumentException("--rates takes max, realtime or packets per second per session.");
                    }

                    break;
                case "--out":
                    output = Path.GetFullPath(value);
                    break;
                default:
                    throw new ArgumentException($"Unknown argument {args[i]}. {Usage}");
            }

            i++;
        }

        return new IngestLoadOptions(TimeSpan.FromSeconds(seconds), sessions, rates, output);
    }
}
