using LiveServer.Api.Livestreams;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveServer.Api.Auth;

/// <summary>
/// When <c>Hls:RequireSignedUrls</c> is on, adds the playback token to the <c>playbackHlsUrl</c> and
/// <c>livestreamUrl</c> of every livestream the REST API returns, so the URLs a client receives play.
/// </summary>
public sealed class LivestreamUrlSigningFilter(HlsUrlSigner signer) : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var result = await next(context).ConfigureAwait(false);
        if (!signer.IsRequired)
        {
            return result;
        }

        var inner = result is INestedHttpResult nested ? nested.Result : result;
        return inner switch
        {
            Ok<LivestreamResponse> { Value: { } one } => TypedResults.Ok(Sign(one)),
            Ok<PageResponse<LivestreamResponse>> { Value: { } page } => TypedResults.Ok(page with { Data = [.. page.Data.Select(Sign)] }),
            _ => result,
        };
    }

    private LivestreamResponse Sign(LivestreamResponse livestream)
    {
        var token = signer.Sign(livestream.Id);
        return livestream with
        {
            PlaybackHlsUrl = HlsUrlSigner.Append(livestream.PlaybackHlsUrl, token),
            LivestreamUrl = HlsUrlSigner.Append(livestream.LivestreamUrl, token),
        };
    }
}
