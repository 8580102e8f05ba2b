using System.Globalization;

namespace LiveServer.Api.Recordings;

/// <summary>
/// The FFmpeg argument lists of a recording: the remux of the top rendition's DVR playlist into one
/// MP4 (stream copy, no re-encoding; <c>+faststart</c> moves the <c>moov</c> box before <c>mdat</c>
/// so a browser plays it while it downloads) and a JPEG thumbnail from it. Both read no stdin and
/// print errors only; the caller writes to a temporary name and renames.
/// </summary>
public static class RecordingArguments
{
    /// <summary>Widest thumbnail, in pixels; smaller pictures keep their size.</summary>
    public const int ThumbnailMaxWidth = 640;

    /// <summary>Copies every video and audio stream of <paramref name="playlist"/> into the MP4 <paramref name="output"/>.</summary>
    public static IReadOnlyList<string> Remux(string playlist, string output) =>
    [
        "-hide_banner", "-nostdin", "-v", "error", "-y",
        "-i", playlist,
        "-map", "0:v?", "-map", "0:a?",
        "-c", "copy",
        "-movflags", "+faststart",
        "-f", "mp4", output,
    ];

    /// <summary>One JPEG frame of <paramref name="input"/>'s video at <paramref name="at"/>, at most <see cref="ThumbnailMaxWidth"/> wide.</summary>
    public static IReadOnlyList<string> Thumbnail(string input, TimeSpan at, string output) =>
    [
        "-hide_banner", "-nostdin", "-v", "error", "-y",
        "-ss", at.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
        "-i", input,
        "-map", "0:v:0", "-frames:v", "1",
        "-vf", $"scale='min({ThumbnailMaxWidth},iw)':-2",
        "-c:v", "mjpeg", "-q:v", "4",
        "-f", "image2", output,
    ];
}
