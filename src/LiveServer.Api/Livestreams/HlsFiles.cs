using System.Globalization;
using LiveServer.Api.Hosting;
using LiveServer.Api.Interactive;
using LiveServer.Domain.Livestreams;
using LiveServer.Hls;
using LiveServer.Hls.Origin;
using LiveServer.Hls.Segments;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Livestreams;

/// <summary>
/// Serves playlists, parts and segments at <c>/hls/{id}/{file}</c>. While a livestream runs, its
/// <see cref="HlsOrigin"/> answers from memory: playlists rendered per request with the low-latency
/// tags, blocking reloads (<c>_HLS_msn</c>, <c>_HLS_part</c>) held asynchronously until the part
/// exists, delta updates (<c>_HLS_skip</c>), and parts (a hinted part that does not exist yet is
/// held the same way). Anything else, and everything once the livestream ended, comes from its
/// folder. Only a known livestream id and a file name of the store's own shape are accepted, so no
/// request can reach outside the folder. Parts and segments never change (<c>immutable</c>);
/// playlists are cacheable for a moment, a blocking response (its own URL) for longer. Any origin may read.
/// </summary>
public static class HlsFiles
{
    private const string PlaylistType = "application/vnd.apple.mpegurl";

    // Parts, segments and initialization sections never change once they exist.
    private const string Immutable = "public, max-age=31536000, immutable";

    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapHlsFiles(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/hls/{id}/{file}", ["GET", "HEAD"], ServeAsync)
            .RequireCors(LiveServerHosting.PlayerCorsPolicy)
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ServeAsync(
        string id, string file, HttpContext http, LivestreamRegistry registry, LivestreamService livestreams,
        HeldRequestLimiter held, ViewerCounter viewers, IOptions<HlsOptions> options)
    {
        if (registry.Find(id) is not { } livestream || !SegmentName.IsValid(file))
        {
            return Problems.NotFound("file", "No such playlist or segment.");
        }

        if (livestream.IsActive && file.EndsWith(".m3u8", StringComparison.Ordinal))
        {
            viewers.PlaylistRequested(livestream.RoomId, ClientKey(http));
        }

        if (livestreams.Origin(id) is { } origin && await FromOriginAsync(origin, file, http, held).ConfigureAwait(false) is { } live)
        {
            return live;
        }

        var path = Path.GetFullPath(Path.Combine(options.Value.StoragePath, id, file));
        if (!File.Exists(path))
        {
            return Problems.NotFound("file", "No such playlist or segment.");
        }

        var isPlaylist = file.EndsWith(".m3u8", StringComparison.Ordinal);
        http.Response.Headers.CacheControl = isPlaylist ? "no-cache" : Immutable;
        return TypedResults.PhysicalFile(path, SegmentName.ContentType(file), enableRangeProcessing: !isPlaylist);
    }

    /// <summary>A viewer's identity for counting: its address and User-Agent.</summary>
    public static string ClientKey(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return $"{http.Connection.RemoteIpAddress}|{http.Request.Headers.UserAgent}";
    }

    /// <summary>The origin's answer, or null to fall back to the folder (a segment no longer in memory).</summary>
    private static async Task<IResult?> FromOriginAsync(HlsOrigin origin, string file, HttpContext http, HeldRequestLimiter held)
    {
        var response = http.Response;
        if (file is HlsOrigin.DvrPlaylistName or HlsOrigin.LivePlaylistName)
        {
            response.Headers.CacheControl = "no-cache";
            return origin.Multivariant(live: file == HlsOrigin.LivePlaylistName) is { } multivariant
                ? TypedResults.Text(multivariant, PlaylistType)
                : Problems.NotFound("file", "The livestream has no playable rendition yet.");
        }

        if (origin.FindPlaylist(file) is { } found)
        {
            return await MediaPlaylistAsync(origin, found.Rendition, found.Live, http, held).ConfigureAwait(false);
        }

        if (origin.InMemory(file) is { } bytes)
        {
            return Media(http, file, bytes);
        }

        foreach (var rendition in origin.Renditions)
        {
            if (rendition.Rendition.TryParsePart(file, out var sequence, out var part))
            {
                return await UpcomingPartAsync(origin, rendition, sequence, part, file, http, held).ConfigureAwait(false);
            }
        }

        return null;
    }

    private static async Task<IResult> MediaPlaylistAsync(HlsOrigin origin, RenditionPlaylist rendition, bool live, HttpContext http, HeldRequestLimiter held)
    {
        var query = http.Request.Query;
        if (!PlaylistRequest.TryParse(query["_HLS_msn"], query["_HLS_part"], query["_HLS_skip"], out var request, out var error))
        {
            return Problems.BadRequest("query", error);
        }

        if (request.Sequence is { } sequence && !rendition.Has(sequence, request.Part))
        {
            if (rendition.IsTooFarAhead(sequence, request.Part))
            {
                return Problems.BadRequest("_HLS_msn", "The requested segment or part is too far ahead of the live edge.");
            }

            if (await HoldAsync(origin, () => rendition.Has(sequence, request.Part), http, held).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }
        }

        var ended = origin.Ended;
        http.Response.Headers.CacheControl = ended ? "public, max-age=60"
            : request.Blocks ? string.Create(CultureInfo.InvariantCulture, $"public, max-age={origin.Timing.TargetDuration * 3}")
            : string.Create(CultureInfo.InvariantCulture, $"public, max-age={Math.Max(1, (int)origin.Timing.PartTarget.TotalSeconds)}");
        return TypedResults.Text(origin.RenderPlaylist(rendition, live, request.Skip), PlaylistType);
    }

    /// <summary>A part not in memory: the next ones are held until they exist (EXT-X-PRELOAD-HINT); past or far ones are 404.</summary>
    private static async Task<IResult> UpcomingPartAsync(
        HlsOrigin origin, RenditionPlaylist rendition, long sequence, int part, string file, HttpContext http, HeldRequestLimiter held)
    {
        // Listed meanwhile (it was appended after the caller looked in memory): serve it.
        if (origin.InMemory(file) is null && (origin.Ended || rendition.Has(sequence, part) || rendition.IsTooFarAhead(sequence, part)))
        {
            return Problems.NotFound("file", "No such part.");
        }

        // Held until it exists, or until its place is taken (a restarted encoder or an early keyframe
        // starts the next segment instead): then 404 at once rather than at the limit.
        if (await HoldAsync(origin, () => origin.InMemory(file) is not null || rendition.Has(sequence, part), http, held).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        return origin.InMemory(file) is { } bytes ? Media(http, file, bytes) : Problems.NotFound("file", "No such part.");
    }

    /// <summary>A part, segment or initialization section from memory.</summary>
    private static IResult Media(HttpContext http, string file, ReadOnlyMemory<byte> bytes)
    {
        http.Response.Headers.CacheControl = Immutable;
        return TypedResults.Bytes(bytes, SegmentName.ContentType(file));
    }

    /// <summary>Waits for <paramref name="ready"/> within the spec's limit; the refusal (429, 503) when it cannot.</summary>
    private static async Task<IResult?> HoldAsync(HlsOrigin origin, Func<bool> ready, HttpContext http, HeldRequestLimiter held)
    {
        var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using var place = held.TryEnter(client);
        if (place is null)
        {
            http.Response.Headers.RetryAfter = "1";
            return Problems.TooMany("Too many blocking requests are held for this client.");
        }

        if (!await origin.WaitUntilAsync(ready, origin.Timing.BlockingLimit, http.RequestAborted).ConfigureAwait(false))
        {
            http.Response.Headers.RetryAfter = "1";
            return Problems.Unavailable("The requested part did not appear within three target durations.");
        }

        return null;
    }
}
