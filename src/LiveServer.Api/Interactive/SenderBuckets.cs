using System.Threading.RateLimiting;

namespace LiveServer.Api.Interactive;

/// <summary>
/// Token buckets keyed by room and sender, as the audience's rate limits use them: a burst, then a
/// steady rate; a refused request learns when the next token is due.
/// </summary>
internal static class SenderBuckets
{
    /// <summary>Buckets of <paramref name="burst"/> tokens, one token back every <paramref name="perToken"/>.</summary>
    public static PartitionedRateLimiter<string> Create(int burst, TimeSpan perToken) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(
            key,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = perToken,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

    /// <summary>The key of <paramref name="senderId"/>'s bucket in <paramref name="roomId"/>.</summary>
    public static string Key(string roomId, string senderId) => roomId + "\n" + senderId;

    /// <summary>When a refused request would be let through (at least a second).</summary>
    public static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.FromSeconds(1) ? retryAfter : TimeSpan.FromSeconds(1);

    /// <summary>The <c>Retry-After</c> header's value for <paramref name="retryAfter"/>: whole seconds, at least 1.</summary>
    public static string Header(TimeSpan retryAfter) =>
        Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
