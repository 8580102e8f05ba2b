using LiveServer.Api.Hosting;
using LiveServer.Storage;

namespace LiveServer.Api.Recordings;

/// <summary>
/// Serves recordings at <c>/recordings/{id}.mp4</c> and thumbnails at <c>/recordings/{id}.jpg</c>,
/// with HTTP range requests (RFC 9110 section 14), outside the token-protected API like the HLS
/// files: players and download tools carry no API token. Only ids of stored, available recordings
/// resolve, and the path is built from the stored id, so no request can reach outside the
/// recordings' folder. When <c>Hls:RequireSignedUrls</c> is on, the HLS signature filter of the
/// group this is mapped in checks <c>?token=</c> against the recording's id; the URLs the API
/// returns carry it. Any origin may read.
/// </summary>
public static class RecordingDownloads
{
    /// <summary>How long a client may reuse a downloaded file (it never changes, but may be deleted).</summary>
    private const string CacheControl = "public, max-age=3600";

    /// <summary>The path of a recording's MP4.</summary>
    public static string Mp4Route(string id) => $"/recordings/{id}.mp4";

    /// <summary>The path of a recording's thumbnail.</summary>
    public static string ThumbnailRoute(string id) => $"/recordings/{id}.jpg";

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapRecordingDownloads(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/recordings/{id}.mp4", ["GET", "HEAD"], (string id, ILiveStore store, RecordingFiles files, HttpContext http, CancellationToken cancellationToken) =>
                ServeAsync(id, thumbnail: false, store, files, http, cancellationToken))
            .RequireCors(LiveServerHosting.PlayerCorsPolicy)
            .ExcludeFromDescription();
        app.MapMethods("/recordings/{id}.jpg", ["GET", "HEAD"], (string id, ILiveStore store, RecordingFiles files, HttpContext http, CancellationToken cancellationToken) =>
                ServeAsync(id, thumbnail: true, store, files, http, cancellationToken))
            .RequireCors(LiveServerHosting.PlayerCorsPolicy)
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ServeAsync(
        string id, bool thumbnail, ILiveStore store, RecordingFiles files, HttpContext http, CancellationToken cancellationToken)
    {
        // A recording is available only once its row says so, and that row is written before it is announced.
        if (!RecordingFiles.IsValidId(id)
            || await store.FindRecordingAsync(id, cancellationToken).ConfigureAwait(false) is not { Status: RecordingStatus.Available } recording)
        {
            return Problems.NotFound("id", "No such recording.");
        }

        var path = thumbnail ? files.ThumbnailPath(recording.Id) : files.Mp4Path(recording.Id);
        if (!File.Exists(path))
        {
            return Problems.NotFound("id", thumbnail ? "The recording has no thumbnail." : "No such recording.");
        }

        http.Response.Headers.CacheControl = CacheControl;
        return TypedResults.PhysicalFile(path, thumbnail ? "image/jpeg" : "video/mp4", enableRangeProcessing: true);
    }
}
