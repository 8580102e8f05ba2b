using LiveServer.Api.Auth;
using LiveServer.Api.Hosting;
using LiveServer.Api.Livestreams;
using LiveServer.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Webhooks;

/// <summary>
/// The webhook outbox under <c>/v2/webhooks</c>: <c>GET deliveries?status=&amp;page=&amp;perPage=</c> shows
/// every delivery with its attempts and last error, newest first; <c>POST deliveries/{id}/retry</c>
/// puts one that is pending or failed back in line, due now, with a fresh <c>Webhooks:RetryFor</c>.
/// Deliveries span every room, so a token restricted to one room may not list them and may retry
/// only its room's.
/// </summary>
public static class WebhooksApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/v2/webhooks").WithTags("Webhooks");
        webhooks.MapGet("/deliveries", ListDeliveriesAsync);
        webhooks.MapPost("/deliveries/{id}/retry", RetryAsync);
        return app;
    }

    /// <summary>Deliveries newest first, optionally only those with <paramref name="status"/> (pending, delivered, failed).</summary>
    public static async Task<Results<Ok<PageResponse<WebhookDeliveryResponse>>, ValidationProblem, ProblemHttpResult>> ListDeliveriesAsync(
        ILiveStore store,
        StoreWriter writer,
        HttpContext http,
        CancellationToken cancellationToken,
        string? status = null,
        int page = 1,
        int perPage = 20)
    {
        ArgumentNullException.ThrowIfNull(http);
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !WebhookDeliveryStatus.IsKnown(status))
        {
            errors["status"] = [$"'{status}' is not one of {WebhookDeliveryStatus.Pending}, {WebhookDeliveryStatus.Delivered}, {WebhookDeliveryStatus.Failed}."];
        }

        Paging.Check(page, perPage, errors);

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (http.User.RestrictedRoom() is not null)
        {
            return Forbidden();
        }

        // Outcomes and new deliveries are stored in batches: what happened before this call is in the store after the flush.
        await writer.FlushAsync().ConfigureAwait(false);
        var result = await store.ListDeliveriesAsync(status, page, perPage, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new PageResponse<WebhookDeliveryResponse>(
            new PageInfo(result.Page, result.PerPage, result.LastPage, result.Total),
            [.. result.Items.Select(WebhookDeliveryResponse.From)]));
    }

    /// <summary>
    /// Sends a delivery again: back to pending, due now, retried for another <c>Webhooks:RetryFor</c>.
    /// 404 for an unknown id, 409 when it was delivered already.
    /// </summary>
    public static async Task<Results<Ok<WebhookDeliveryResponse>, ProblemHttpResult>> RetryAsync(
        string id,
        ILiveStore store,
        StoreWriter writer,
        WebhookOutbox outbox,
        IOptions<WebhookOptions> options,
        TimeProvider time,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        await writer.FlushAsync().ConfigureAwait(false);
        if (await store.FindDeliveryAsync(id, cancellationToken).ConfigureAwait(false) is not { } delivery)
        {
            return Problems.NotFound("id", $"Webhook delivery '{id}' does not exist.");
        }

        if (!http.User.AllowsRoom(delivery.RoomId))
        {
            return Forbidden();
        }

        if (delivery.Status == WebhookDeliveryStatus.Delivered)
        {
            return Problems.Conflict("id", $"Webhook delivery '{id}' was delivered at {delivery.DeliveredAt:O}; there is nothing to retry.");
        }

        var now = time.GetUtcNow();
        var retried = delivery with { Status = WebhookDeliveryStatus.Pending, NextAttemptAt = now, GiveUpAt = now + options.Value.RetryFor };
        await writer.WriteAsync(new StoreWrite.UpdateDelivery(retried)).ConfigureAwait(false);
        outbox.NotifyQueued();
        return TypedResults.Ok(WebhookDeliveryResponse.From(retried));
    }

    private static ProblemHttpResult Forbidden() =>
        TypedResults.Problem(detail: "The access token does not allow this request.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.");
}

/// <summary>One webhook delivery as <c>/v2/webhooks/deliveries</c> shows it (the body is left out).</summary>
/// <param name="Id">The delivery's id (one event to one target).</param>
/// <param name="WebhookId">The event's id, the same for every target and attempt (<c>LiveServer-Webhook-Id</c>).</param>
/// <param name="WebhookType">e.g. <c>hls-started</c>.</param>
/// <param name="Url">The target.</param>
/// <param name="RoomId">The room the event belongs to.</param>
/// <param name="Seq">The room event's number.</param>
/// <param name="Status"><c>pending</c>, <c>delivered</c> or <c>failed</c>.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="CreatedAt">When the event was queued.</param>
/// <param name="NextAttemptAt">When the next attempt is due, while pending.</param>
/// <param name="LastAttemptAt">When it was last tried.</param>
/// <param name="LastError">Why the last failed attempt failed (kept once delivered).</param>
/// <param name="DeliveredAt">When the target answered 2xx.</param>
public sealed record WebhookDeliveryResponse(
    string Id,
    string WebhookId,
    string WebhookType,
    string Url,
    string RoomId,
    long Seq,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    string? LastError,
    DateTimeOffset? DeliveredAt)
{
    /// <summary>The response for a stored delivery.</summary>
    public static WebhookDeliveryResponse From(StoredWebhookDelivery d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(
            d.Id, d.WebhookId, d.WebhookType, d.Url, d.RoomId, d.Seq, d.Status, d.Attempts, d.CreatedAt,
            d.Status == WebhookDeliveryStatus.Pending ? d.NextAttemptAt : null, d.LastAttemptAt, d.LastError, d.DeliveredAt);
    }
}
