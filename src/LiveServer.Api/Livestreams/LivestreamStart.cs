using LiveServer.Domain.Livestreams;

namespace LiveServer.Api.Livestreams;

/// <summary>The outcome of <see cref="LivestreamService.StartAsync"/>: the livestream, or why not.</summary>
/// <param name="Livestream">The started livestream.</param>
/// <param name="Error">What was wrong.</param>
/// <param name="Kind">Which kind of refusal.</param>
/// <param name="Errors">Field errors of an invalid config.</param>
public sealed record LivestreamStart(Livestream? Livestream, string? Error, LivestreamStartError Kind, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    /// <summary>When to try again, for a refusal by admission control or while the previous livestream is stopping.</summary>
    public TimeSpan? RetryAfter { get; init; }
}

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

    /// <summary>The configured maximum of livestreams runs already (429).</summary>
    MaxReached,

    /// <summary>The machine is at capacity (503).</summary>
    AtCapacity,

    /// <summary>The livestreams' disk is below <c>Storage:MinFreeBytes</c> (507).</summary>
    InsufficientStorage,
}
