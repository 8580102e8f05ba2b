using System.ComponentModel.DataAnnotations;

namespace LiveServer.Api.Hosting;

/// <summary>HTTP and resource limits, section <c>Limits</c>. The defaults leave normal use far below them.</summary>
public sealed class LimitsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Limits";

    /// <summary>Largest request body (JSON or SDP) in bytes; larger ones get 413.</summary>
    [Range(1024, 16 * 1024 * 1024, ErrorMessage = "Limits:MaxRequestBodySize must be between 1024 and 16777216 bytes.")]
    public int MaxRequestBodySize { get; set; } = 64 * 1024;

    /// <summary>The window the per-client request counts below apply to.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Limits:RateLimitWindow must be between 1 s and 1 h.")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>REST requests one client IP may make per window; more get 429 with <c>Retry-After</c>.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Limits:RestRequestsPerWindow must be between 1 and 1000000.")]
    public int RestRequestsPerWindow { get; set; } = 2000;

    /// <summary>WHIP requests (offers, deletes, trickle) one client IP may make per window.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Limits:WhipRequestsPerWindow must be between 1 and 1000000.")]
    public int WhipRequestsPerWindow { get; set; } = 200;

    /// <summary>Rooms the server holds at once.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Limits:MaxRooms must be between 1 and 1000000.")]
    public int MaxRooms { get; set; } = 1000;

    /// <summary>Participants (WHIP and test participants) in one room.</summary>
    [Range(1, 10_000, ErrorMessage = "Limits:MaxParticipantsPerRoom must be between 1 and 10000.")]
    public int MaxParticipantsPerRoom { get; set; } = 50;

    /// <summary>Open WHIP sessions from one client IP.</summary>
    [Range(1, 10_000, ErrorMessage = "Limits:MaxWhipSessionsPerClient must be between 1 and 10000.")]
    public int MaxWhipSessionsPerClient { get; set; } = 20;
}
