using System.ComponentModel.DataAnnotations;

namespace LiveServer.Api.Auth;

/// <summary>Access to playlists and segments, the signing keys of section <c>Hls</c>.</summary>
public sealed class SignedHlsOptions
{
    /// <summary>The configuration section (shared with the HLS store's own options).</summary>
    public const string SectionName = "Hls";

    /// <summary>
    /// When true, <c>/hls/{id}/...</c> needs the <c>?token=</c> the API adds to the playback URLs it
    /// returns; when false (the default) playlists and segments are public.
    /// </summary>
    public bool RequireSignedUrls { get; set; }

    /// <summary>How long a signed playback URL stays valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Hls:SignedUrlLifetime must be between 1 min and 30 days.")]
    public TimeSpan SignedUrlLifetime { get; set; } = TimeSpan.FromHours(24);
}
