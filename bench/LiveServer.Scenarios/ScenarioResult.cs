using System.Text.Json.Serialization;

namespace LiveServer.Scenarios;

/// <summary>
/// One line of the results table: a measured value beside its target. Other tools (e.g. the ingest
/// load generator) add lines of the same shape through <c>--include file.json</c>.
/// </summary>
/// <param name="Scenario">composite, time-to-playable, latency, capacity, memory, or another tool's name.</param>
/// <param name="Metric">What was measured.</param>
/// <param name="Value">The measured value (null when it could not be measured).</param>
/// <param name="Unit">Unit of <paramref name="Value"/> and <paramref name="Target"/>.</param>
/// <param name="Target">The target as text (e.g. "≤ 1.15"), or null for a figure without one.</param>
/// <param name="Met">Whether the target was met; null without a target.</param>
/// <param name="Note">How it was measured, or why it could not be.</param>
public sealed record ScenarioResult(
    string Scenario,
    string Metric,
    double? Value,
    string Unit,
    string? Target = null,
    bool? Met = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note = null)
{
    /// <summary>A result with an upper bound as its target.</summary>
    public static ScenarioResult AtMost(string scenario, string metric, double? value, string unit, double limit, string? note = null) =>
        new(scenario, metric, value, unit, $"≤ {limit:0.###}", value is { } v ? v <= limit : null, note);

    /// <summary>A result with a lower bound as its target.</summary>
    public static ScenarioResult AtLeast(string scenario, string metric, double? value, string unit, double limit, string? note = null) =>
        new(scenario, metric, value, unit, $"≥ {limit:0.###}", value is { } v ? v >= limit : null, note);

    /// <summary>A figure without a target.</summary>
    public static ScenarioResult Figure(string scenario, string metric, double? value, string unit, string? note = null) =>
        new(scenario, metric, value, unit, null, null, note);
}
