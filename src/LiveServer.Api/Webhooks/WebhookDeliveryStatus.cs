namespace LiveServer.Api.Webhooks;

/// <summary>The states of a webhook delivery, as stored and shown.</summary>
public static class WebhookDeliveryStatus
{
    /// <summary>Not delivered yet; retried until <c>Webhooks:RetryFor</c> has passed.</summary>
    public const string Pending = "pending";

    /// <summary>The target answered 2xx.</summary>
    public const string Delivered = "delivered";

    /// <summary>Given up after <c>Webhooks:RetryFor</c>.</summary>
    public const string Failed = "failed";

    /// <summary>True for a known status.</summary>
    public static bool IsKnown(string status) => status is Pending or Delivered or Failed;
}
