using LiveServer.Domain.Livestreams;

namespace LiveServer.Api.Livestreams;

/// <summary>The outcome of <see cref="LivestreamService.UpdateConfig"/>.</summary>
/// <param name="Livestream">The updated livestream, when it worked.</param>
/// <param name="Status">The HTTP status to answer with.</param>
/// <param name="Errors">Field errors when refused.</param>
public sealed record ConfigUpdate(Livestream? Livestream, int Status, IReadOnlyDictionary<string, string[]>? Errors)
{
    /// <summary>Refused for one field.</summary>
    public static ConfigUpdate Refused(int status, string field, string message) =>
        new(null, status, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The partial config was not valid.</summary>
    public static ConfigUpdate Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, StatusCodes.Status400BadRequest, errors);
}
