using System.ComponentModel.DataAnnotations;

namespace LiveServer.Api.Webhooks;

/// <summary>The <c>Webhooks</c> configuration section.</summary>
public sealed class WebhookOptions
{
    /// <summary>The section's name.</summary>
    public const string SectionName = "Webhooks";

    /// <summary>Targets that receive every webhook, besides a livestream's own <c>webhookUrl</c>.</summary>
    public IList<string> Urls { get; } = [];

    /// <summary>The HMAC-SHA256 key of <c>LiveServer-Signature</c>; empty: a random one made once and kept in <c>webhook-secret</c> beside <c>Storage:Database</c>.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>How long a delivery is retried before it is given up.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "Webhooks:RetryFor must be between 1 second and 30 days.")]
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The wait before the first retry; it doubles with every attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Webhooks:FirstRetryDelay must be between 10 ms and 1 hour.")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ErrorMessage = "Webhooks:MaxRetryDelay must be between 10 ms and 1 day.")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one attempt may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Webhooks:Timeout must be between 100 ms and 1 minute.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts in flight at once (over all targets).</summary>
    [Range(1, 256, ErrorMessage = "Webhooks:MaxConcurrentDeliveries must be between 1 and 256.")]
    public int MaxConcurrentDeliveries { get; set; } = 16;

    /// <summary>True lets webhooks go to loopback, link-local and private-range addresses (tests, a private network).</summary>
    public bool AllowPrivateNetworks { get; set; }
}
