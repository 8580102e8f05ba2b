using LiveServer.Api.Auth;
using LiveServer.Storage;

namespace LiveServer.Api.Recordings;

/// <summary>A recording as the API shows it.</summary>
/// <param name="Id">The recording's id (<c>rec-</c> and 16 hex digits).</param>
/// <param name="LivestreamId">The livestream recorded.</param>
/// <param name="RoomId">Its room.</param>
/// <param name="Status"><c>processing</c>, <c>available</c> or <c>failed</c>.</param>
/// <param name="FileUrl">The MP4 (range requests work); null unless available.</param>
/// <param name="ThumbnailUrl">A JPEG from about the middle; null unless available, and for audio-only livestreams.</param>
/// <param name="DurationSec">Length of the MP4 in seconds, once available.</param>
/// <param name="SizeBytes">Size of the MP4, once available.</param>
/// <param name="StartedAt">When the livestream started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="Reason">Why no MP4 could be made, when failed.</param>
public sealed record RecordingResponse(
    string Id,
    string LivestreamId,
    string RoomId,
    string Status,
    string? FileUrl,
    string? ThumbnailUrl,
    double? DurationSec,
    long? SizeBytes,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? Reason)
{
    /// <summary>
    /// Describes <paramref name="recording"/> with download URLs under <paramref name="baseUrl"/>,
    /// signed for the recording's id when <c>Hls:RequireSignedUrls</c> is on.
    /// </summary>
    public static RecordingResponse From(StoredRecording recording, string baseUrl, RecordingFiles files, HlsUrlSigner signer)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(signer);
        string? fileUrl = null;
        string? thumbnailUrl = null;
        if (recording.Status == RecordingStatus.Available)
        {
            var token = signer.IsRequired ? signer.Sign(recording.Id) : null;
            fileUrl = Signed(baseUrl + RecordingDownloads.Mp4Route(recording.Id), token);
            if (File.Exists(files.ThumbnailPath(recording.Id)))
            {
                thumbnailUrl = Signed(baseUrl + RecordingDownloads.ThumbnailRoute(recording.Id), token);
            }
        }

        return new RecordingResponse(
            recording.Id,
            recording.LivestreamId,
            recording.RoomId,
            recording.Status,
            fileUrl,
            thumbnailUrl,
            recording.DurationSec,
            recording.SizeBytes,
            recording.StartedAt,
            recording.EndedAt,
            recording.Status == RecordingStatus.Failed ? recording.Error : null);
    }

    private static string Signed(string url, string? token) => token is null ? url : HlsUrlSigner.Append(url, token);
}
