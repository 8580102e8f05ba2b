using LiveServer.Api.Hosting;
using LiveServer.Domain.Livestreams;
using LiveServer.Hls;
using LiveServer.Hls.Segments;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Livestreams;

/// <summary>
/// Serves playlists and segments at <c>/hls/{id}/{file}</c>. Only a known livestream id and a file
/// name of the store's own shape are accepted, so no request can reach outside the livestream's
/// folder. Playlists are <c>no-cache</c>; segments never change and are cacheable. Any origin may read.
/// </summary>
public static class HlsFiles
{
    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapHlsFiles(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/hls/{id}/{file}", ["GET", "HEAD"], Serve)
            .RequireCors(LiveServerHosting.PlayerCorsPolicy)
            .ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(string id, string file, LivestreamRegistry registry, IOptions<HlsOptions> options, HttpResponse response)
    {
        if (registry.Find(id) is null || !SegmentName.IsValid(file))
        {
            return Problems.NotFound("file", "No such playlist or segment.");
        }

        var path = Path.GetFullPath(Path.Combine(options.Value.StoragePath, id, file));
        if (!File.Exists(path))
        {
            return Problems.NotFound("file", "No such playlist or segment.");
        }

        var isPlaylist = file.EndsWith(".m3u8", StringComparison.Ordinal);
        response.Headers.CacheControl = isPlaylist ? "no-cache" : "public, max-age=86400, immutable";
        return TypedResults.PhysicalFile(path, SegmentName.ContentType(file), enableRangeProcessing: !isPlaylist);
    }
}
