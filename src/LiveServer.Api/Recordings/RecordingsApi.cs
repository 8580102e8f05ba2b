using System.Security.Claims;
using LiveServer.Api.Auth;
using LiveServer.Api.Hosting;
using LiveServer.Api.Livestreams;
using LiveServer.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveServer.Api.Recordings;

/// <summary>
/// Recordings under <c>/v2/recordings</c>: list (newest first, optionally of one room), look up,
/// delete (the MP4 and thumbnail with the row). A token restricted to a room sees only that room's
/// recordings. The files themselves are served by <see cref="RecordingDownloads"/>.
/// </summary>
public static class RecordingsApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapRecordingsApi(this IEndpointRouteBuilder app)
    {
        var recordings = app.MapGroup("/v2/recordings").WithTags("Recordings");
        recordings.MapGet("/", ListAsync);
        recordings.MapGet("/{id}", GetAsync);
        recordings.MapDelete("/{id}", DeleteAsync);
        return app;
    }

    /// <summary>Lists recordings, newest first.</summary>
    public static async Task<Results<Ok<PageResponse<RecordingResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        ILiveStore store,
        StoreWriter writer,
        RecordingFiles files,
        HlsUrlSigner signer,
        LivestreamService livestreams,
        HttpContext http,
        CancellationToken cancellationToken,
        string? roomId = null,
        int page = 1,
        int perPage = 20)
    {
        var errors = new Dictionary<string, string[]>();
        Paging.Check(page, perPage, errors);

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        // Listing without a roomId would show every room's.
        if (http.User.RestrictedRoom() is not null && (string.IsNullOrEmpty(roomId) || !http.User.AllowsRoom(roomId)))
        {
            return Forbidden();
        }

        // Recordings are stored in batches; what was saved before this call is in the store after the flush.
        await writer.FlushAsync().ConfigureAwait(false);
        var listed = await store.ListRecordingsAsync(string.IsNullOrEmpty(roomId) ? null : roomId, page, perPage, cancellationToken).ConfigureAwait(false);
        var baseUrl = livestreams.BaseUrlFor(http.Request);
        return TypedResults.Ok(new PageResponse<RecordingResponse>(
            new PageInfo(listed.Page, listed.PerPage, listed.LastPage, listed.Total),
            [.. listed.Items.Select(r => RecordingResponse.From(r, baseUrl, files, signer))]));
    }

    /// <summary>A recording by id.</summary>
    public static async Task<Results<Ok<RecordingResponse>, ProblemHttpResult>> GetAsync(
        string id, ILiveStore store, StoreWriter writer, RecordingFiles files, HlsUrlSigner signer, LivestreamService livestreams,
        HttpContext http, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, store, writer, cancellationToken).ConfigureAwait(false) is not { } recording)
        {
            return NotFound(id);
        }

        return http.User.AllowsRoom(recording.RoomId)
            ? TypedResults.Ok(RecordingResponse.From(recording, livestreams.BaseUrlFor(http.Request), files, signer))
            : Forbidden();
    }

    /// <summary>Deletes a recording: its MP4 and thumbnail, then its row.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, ILiveStore store, StoreWriter writer, RecordingService recordings, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, store, writer, cancellationToken).ConfigureAwait(false) is not { } recording)
        {
            return NotFound(id);
        }

        if (!user.AllowsRoom(recording.RoomId))
        {
            return Forbidden();
        }

        try
        {
            await recordings.DeleteAsync(recording.Id).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return TypedResults.Problem(
                detail: "The recording's files could not be deleted; it is kept, try again.",
                statusCode: StatusCodes.Status500InternalServerError,
                title: "Internal server error.");
        }

        return TypedResults.NoContent();
    }

    private static async Task<StoredRecording?> FindAsync(string id, ILiveStore store, StoreWriter writer, CancellationToken cancellationToken)
    {
        if (!RecordingFiles.IsValidId(id))
        {
            return null;
        }

        await writer.FlushAsync().ConfigureAwait(false);
        return await store.FindRecordingAsync(id, cancellationToken).ConfigureAwait(false);
    }

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound("id", $"Recording '{id}' does not exist.");

    private static ProblemHttpResult Forbidden() => TypedResults.Problem(
        detail: "The access token does not allow this request.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.");
}
