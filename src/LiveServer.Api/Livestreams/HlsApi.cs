using LiveServer.Api.Admission;
using LiveServer.Api.Hosting;
using LiveServer.Api.Webhooks;
using LiveServer.Api.Templates;
using LiveServer.Domain.Livestreams;
using LiveServer.Media.Video;
using LiveServer.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Livestreams;

/// <summary>Livestreams under <c>/v2/hls</c>: start, end, list, look up.</summary>
public static class HlsApi
{
    /// <summary>The route of the livestream list.</summary>
    public const string ListRoute = "/v2/hls/";

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapHlsApi(this IEndpointRouteBuilder app)
    {
        var hls = app.MapGroup("/v2/hls").WithTags("Livestreams");
        hls.MapPost("/start", StartAsync);
        hls.MapPost("/end", EndAsync);
        hls.MapGet("/", List);
        hls.MapGet("/{roomId}/active", GetActive);
        hls.MapGet("/{id}", Get);
        hls.MapGet("/{id}/status-changes", GetStatusChangesAsync);
        hls.MapPatch("/{id}/config", UpdateConfigAsync);
        hls.MapPost("/capture", Capture).Produces(200, contentType: "image/png", additionalContentTypes: ["image/jpeg"]);
        app.MapCapacityApi();
        return app;
    }

    /// <summary>Starts an HLS livestream of a room.</summary>
    public static async Task<Results<Ok<LivestreamResponse>, ValidationProblem, ProblemHttpResult>> StartAsync(
        StartHlsRequest request,
        LivestreamService service,
        TemplateUrlPolicy templates,
        IOptions<WebhookOptions> webhooks,
        HttpRequest http,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.RoomId))
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["roomId"] = ["roomId is required."] });
        }

        Uri? templateUrl = null;
        if (request.TemplateUrl is { Length: > 0 } template)
        {
            (templateUrl, var templateError) = await templates.CheckAsync(template, cancellationToken).ConfigureAwait(false);
            if (templateError is not null)
            {
                return Problems.Invalid(new Dictionary<string, string[]> { ["templateUrl"] = [templateError] });
            }
        }

        if (request.WebhookUrl is { } webhookUrl && WebhookTargets.Refusal(webhookUrl, webhooks.Value.AllowPrivateNetworks) is { } refusal)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["webhookUrl"] = [refusal] });
        }

        var baseUrl = service.BaseUrlFor(http);
        var start = await service.StartAsync(request.RoomId, request.Config, templateUrl, request.WebhookUrl, baseUrl, cancellationToken)
            .ConfigureAwait(false);
        if (start.RetryAfter is { } retryAfter)
        {
            http.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return start.Kind switch
        {
            LivestreamStartError.None => TypedResults.Ok(LivestreamResponse.From(start.Livestream!, baseUrl)),
            LivestreamStartError.UnknownRoom => Problems.NotFound("roomId", start.Error!),
            LivestreamStartError.InvalidConfig => Problems.Invalid(new Dictionary<string, string[]>(start.Errors!)),
            LivestreamStartError.AlreadyRunning => Problems.Conflict("roomId", start.Error!),
            LivestreamStartError.MaxReached => TypedResults.Problem(
                detail: start.Error, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many livestreams."),
            LivestreamStartError.AtCapacity => TypedResults.Problem(
                detail: start.Error, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The server is at capacity."),
            LivestreamStartError.InsufficientStorage => TypedResults.Problem(
                detail: start.Error, statusCode: StatusCodes.Status507InsufficientStorage, title: "Not enough free disk space."),
            _ => Problems.Unavailable(start.Error!),
        };
    }

    /// <summary>Ends the room's running livestream: answers with it in HLS_STOPPING; HLS_STOPPED follows over SignalR.</summary>
    public static async Task<Results<Ok<LivestreamResponse>, ValidationProblem, ProblemHttpResult>> EndAsync(
        EndHlsRequest request, LivestreamService service, HttpRequest http, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.RoomId))
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["roomId"] = ["roomId is required."] });
        }

        return await service.EndAsync(request.RoomId, cancellationToken).ConfigureAwait(false) is { } livestream
            ? TypedResults.Ok(LivestreamResponse.From(livestream, service.BaseUrlFor(http)))
            : Problems.NotFound("roomId", $"Room '{request.RoomId}' has no livestream running.");
    }

    /// <summary>Changes layout, priority, gridSize, fit, theme, overlays or template of a running livestream, from the next frame on.</summary>
    public static async Task<Results<Ok<LivestreamResponse>, ProblemHttpResult>> UpdateConfigAsync(
        string id, LivestreamConfigInput config, LivestreamService service, TemplateUrlPolicy templates, HttpRequest http, CancellationToken cancellationToken)
    {
        Uri? templateUrl = null;
        if (config.TemplateUrl is { Length: > 0 } template)
        {
            (templateUrl, var templateError) = await templates.CheckAsync(template, cancellationToken).ConfigureAwait(false);
            if (templateError is not null)
            {
                return TypedResults.Problem(
                    detail: templateError,
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "The request is not valid.",
                    extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["templateUrl"] = [templateError] } });
            }
        }

        var update = service.UpdateConfig(id, config, templateUrl);
        return update.Livestream is { } livestream
            ? TypedResults.Ok(LivestreamResponse.From(livestream, service.BaseUrlFor(http)))
            : TypedResults.Problem(
                detail: string.Join(" ", update.Errors!.SelectMany(e => e.Value)),
                statusCode: update.Status,
                title: update.Status == StatusCodes.Status400BadRequest ? "The request is not valid." : "The config cannot be changed.",
                extensions: new Dictionary<string, object?> { ["errors"] = update.Errors });
    }

    /// <summary>The frame a room's livestream shows now, as a PNG or JPEG image.</summary>
    public static IResult Capture(CaptureRequest request, LivestreamService service, LivestreamRegistry registry)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.RoomId))
        {
            errors["roomId"] = ["roomId is required."];
        }

        var format = request.Format?.Trim().ToLowerInvariant() switch
        {
            null or "png" => ImageFormat.Png,
            "jpeg" or "jpg" => ImageFormat.Jpeg,
            _ => (ImageFormat?)null,
        };
        if (format is null)
        {
            errors["format"] = [$"'{request.Format}' is not one of png, jpeg."];
        }

        foreach (var (field, value) in new[] { ("width", request.Width), ("height", request.Height) })
        {
            if (value is < 16 or > 3840)
            {
                errors[field] = [$"{field} must be between 16 and 3840."];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (registry.FindActive(request.RoomId!) is not { } livestream || service.ActiveRunner(request.RoomId!) is not { } runner)
        {
            return Problems.NotFound("roomId", $"Room '{request.RoomId}' has no livestream running.");
        }

        if (livestream.Config.Mode == StreamMode.Audio)
        {
            return Problems.Conflict("roomId", "The livestream is audio only; there is no picture to capture.");
        }

        return runner.Capture(format!.Value, request.Width, request.Height) is { } image
            ? TypedResults.File(image, format == ImageFormat.Png ? "image/png" : "image/jpeg")
            : Problems.Conflict("roomId", "The livestream is not running yet; try again when it is HLS_STARTED.");
    }

    /// <summary>Lists livestreams, newest first.</summary>
    public static Results<Ok<PageResponse<LivestreamResponse>>, ValidationProblem> List(
        LivestreamRegistry registry, LivestreamService service, HttpRequest http, string? roomId = null, int page = 1, int perPage = 20)
    {
        var errors = new Dictionary<string, string[]>();
        Paging.Check(page, perPage, errors);

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var baseUrl = service.BaseUrlFor(http);
        var result = registry.List(roomId, page, perPage);
        return TypedResults.Ok(new PageResponse<LivestreamResponse>(
            new PageInfo(result.CurrentPage, result.PerPage, result.LastPage, result.Total),
            [.. result.Items.Select(l => LivestreamResponse.From(l, baseUrl))]));
    }

    /// <summary>The room's running livestream.</summary>
    public static Results<Ok<LivestreamResponse>, ProblemHttpResult> GetActive(
        string roomId, LivestreamRegistry registry, LivestreamService service, HttpRequest http) =>
        registry.FindActive(roomId) is { } livestream
            ? TypedResults.Ok(LivestreamResponse.From(livestream, service.BaseUrlFor(http)))
            : Problems.NotFound("roomId", $"Room '{roomId}' has no livestream running.");

    /// <summary>Every status a livestream went through, with when and, for HLS_FAILED, why.</summary>
    public static async Task<Results<Ok<StatusChangeResponse[]>, ProblemHttpResult>> GetStatusChangesAsync(
        string id, LivestreamRegistry registry, StoreWriter writer, ILiveStore store, CancellationToken cancellationToken)
    {
        if (registry.Find(id) is null)
        {
            return Problems.NotFound("id", $"Livestream '{id}' does not exist.");
        }

        await writer.FlushAsync().ConfigureAwait(false);
        var changes = await store.LoadStatusChangesAsync(id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(changes.Select(c => new StatusChangeResponse(c.Status, c.At, c.Reason)).ToArray());
    }

    /// <summary>A livestream by id.</summary>
    public static Results<Ok<LivestreamResponse>, ProblemHttpResult> Get(
        string id, LivestreamRegistry registry, LivestreamService service, HttpRequest http) =>
        registry.Find(id) is { } livestream
            ? TypedResults.Ok(LivestreamResponse.From(livestream, service.BaseUrlFor(http)))
            : Problems.NotFound("id", $"Livestream '{id}' does not exist.");
}
