using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LiveServer.Scenarios;

/// <summary>Prints the results table and writes it as JSON and markdown.</summary>
public static class ScenarioReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Reads extra result lines (a JSON array of <see cref="ScenarioResult"/>) written by another tool.</summary>
    public static IReadOnlyList<ScenarioResult> ReadInclude(string path) =>
        JsonSerializer.Deserialize<List<ScenarioResult>>(File.ReadAllText(path), Json) ?? [];

    /// <summary>The table as markdown.</summary>
    public static string Markdown(IReadOnlyList<ScenarioResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | metric | measured | target | met | note |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var value = r.Value is { } v && !double.IsNaN(v) ? v.ToString(v >= 100 ? "0" : "0.###", CultureInfo.InvariantCulture) + " " + r.Unit : "—";
            var met = r.Met switch { true => "yes", false => "**no**", null => "" };
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Scenario} | {r.Metric} | {value} | {r.Target} | {met} | {r.Note?.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        return text.ToString();
    }

    /// <summary>
    /// Writes <c>scenarios-&lt;UTC time&gt;.json</c> and <c>.md</c> into <paramref name="folder"/>; returns the JSON path.
    /// The JSON keeps the runner's own lines in <c>results</c> and lines of other tools (<c>--include</c>) in <c>extra</c>;
    /// the markdown table shows both.
    /// </summary>
    public static string Write(
        string folder, DateTimeOffset startedAt, bool quick, TimeSpan elapsed, IReadOnlyList<ScenarioResult> results, IReadOnlyList<ScenarioResult> extra)
    {
        Directory.CreateDirectory(folder);
        var stamp = startedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var machine = new { cores = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, load = File.ReadAllText("/proc/loadavg").Trim() };
        var json = Path.Combine(folder, $"scenarios-{stamp}.json");
        File.WriteAllText(json, JsonSerializer.Serialize(
            new { startedAt, quick, elapsedSeconds = Math.Round(elapsed.TotalSeconds), machine, results, extra }, Json));
        File.WriteAllText(Path.Combine(folder, $"scenarios-{stamp}.md"),
            $"# Scenarios {stamp}{(quick ? " (--quick)" : "")}\n\n{machine.cores} cores, load {machine.load} at the end, {elapsed.TotalMinutes:0.0} min.\n\n{Markdown([.. results, .. extra])}");
        return json;
    }
}
