namespace LiveServer.Domain.Livestreams;

/// <summary>The config when valid, else the errors by field path.</summary>
/// <param name="Config">The parsed config; null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Field path to messages, in the shape of ProblemDetails validation errors.</param>
public sealed record LivestreamConfigParseResult(LivestreamConfig? Config, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>True when the input was valid.</summary>
    public bool IsValid => Errors.Count == 0;
}
