using System.ComponentModel.DataAnnotations;

namespace LiveServer.Hls;

/// <summary>HLS output settings, section <c>Hls</c>.</summary>
public sealed class HlsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Hls";

    /// <summary>Folder holding one sub-folder of segments and playlists per livestream.</summary>
    [Required(ErrorMessage = "Hls:StoragePath is required.")]
    public string StoragePath { get; set; } = "data/hls";

    /// <summary>Target segment length; every segment starts with a keyframe.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:10", ErrorMessage = "Hls:SegmentDuration must be between 00:00:01 and 00:00:10.")]
    public TimeSpan SegmentDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// LL-HLS part length (PART-TARGET), rounded down to whole frames: 0.2 s is 6 frames at 30 fps,
    /// 10 parts a 2 s segment. Players start PART-HOLD-BACK (three parts) behind the live edge.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:00:01", ErrorMessage = "Hls:PartDuration must be between 00:00:00.1 and 00:00:01.")]
    public TimeSpan PartDuration { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Blocking playlist and part requests one client address may have held at once (beyond: 429).</summary>
    [Range(1, 10_000, ErrorMessage = "Hls:MaxHeldRequestsPerClient must be between 1 and 10000.")]
    public int MaxHeldRequestsPerClient { get; set; } = 100;

    /// <summary>Segments in the live (sliding window) playlist.</summary>
    [Range(3, 30, ErrorMessage = "Hls:LiveWindowSegments must be between 3 and 30.")]
    public int LiveWindowSegments { get; set; } = 6;

    /// <summary>
    /// The scheme, host and port players reach this server at (e.g. <c>https://live.example.com</c>);
    /// empty to use the address of the request that started the livestream.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>True when <see cref="PublicBaseUrl"/> is empty or an absolute http(s) URL.</summary>
    public bool HasValidPublicBaseUrl =>
        string.IsNullOrEmpty(PublicBaseUrl)
        || (Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");
}
