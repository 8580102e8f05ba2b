using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveServer.Api.Auth;

/// <summary>
/// Guards <c>/hls/{id}/{file}</c> when <c>Hls:RequireSignedUrls</c> is on: a request without a valid
/// <c>?token=</c> for that livestream is refused (403), and a playlist (from the folder or rendered by the origin) is served with the same token
/// appended to every URI in it (segment lines and <c>URI="..."</c> attributes), because a player
/// resolves relative segment URIs against the playlist's URL without its query (RFC 3986 section 5.2).
/// </summary>
public sealed partial class HlsSignatureFilter(HlsUrlSigner signer, ILogger<HlsSignatureFilter> logger) : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!signer.IsRequired)
        {
            return await next(context).ConfigureAwait(false);
        }

        var http = context.HttpContext;
        var id = http.Request.RouteValues["id"] as string ?? "";
        var token = http.Request.Query[HlsUrlSigner.QueryName].ToString();
        if (signer.Check(id, token) is { } failure)
        {
            LogRefused(logger, http.Request.Path, failure);
            return TypedResults.Problem(
                detail: "A valid signed playback URL is required.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.");
        }

        var result = await next(context).ConfigureAwait(false);
        switch (result)
        {
            case PhysicalFileHttpResult file when file.FileName.EndsWith(".m3u8", StringComparison.Ordinal):
                var stored = await File.ReadAllTextAsync(file.FileName, http.RequestAborted).ConfigureAwait(false);
                return TypedResults.Text(SignPlaylist(stored, token), file.ContentType, Encoding.UTF8);
            case ContentHttpResult { ResponseContent: { } rendered, StatusCode: null or 200 } text:
                return TypedResults.Text(SignPlaylist(rendered, token), text.ContentType, Encoding.UTF8);
            default:
                return result;
        }
    }

    /// <summary><paramref name="playlist"/> with <c>token=</c> appended to every URI it holds.</summary>
    public static string SignPlaylist(string playlist, string token)
    {
        ArgumentNullException.ThrowIfNull(playlist);
        var lines = playlist.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            lines[i] = line.StartsWith('#')
                ? UriAttribute().Replace(line, m => $"URI=\"{HlsUrlSigner.Append(m.Groups[1].Value, token)}\"")
                : HlsUrlSigner.Append(line, token);
        }

        return string.Join('\n', lines);
    }

    [GeneratedRegex("URI=\"([^\"]*)\"")]
    private static partial Regex UriAttribute();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Playback URL refused for {Path}: {Reason}")]
    private static partial void LogRefused(ILogger logger, PathString path, string reason);
}
