using LiveServer.Domain.Livestreams;

namespace LiveServer.Api.Livestreams;

/// <summary>The outcome of <see cref="LivestreamService.StartAsync"/>: the livestream, or why not.</summary>
/// <param name="Livestream">The started livestream.</param>
/// <param name="Error">What was wrong.</param>
/// <param name="Kind">Which kind of refusal.</param>
/// <param name="Errors">Field errors of an invalid config.</param>
public sealed record LivestreamStart(Livestream? Livestream, string? Error, LivestreamStartError Kind, IReadOnlyDictionary<string, string[]>? Errors = null);

/// <summary>Why a start was refused.</summary>
public enum LivestreamStartError
{
    /// <summary>Not refused.</summary>
    None,

    /// <summary>The room does not exist.</summary>
    UnknownRoom,

    /// <summary>The config is not valid.</summary>
    InvalidConfig,

    /// <summary>The room already has a livestream running.</summary>
    AlreadyRunning,

    /// <summary>FFmpeg is missing.</summary>
    Unavailable,
}
