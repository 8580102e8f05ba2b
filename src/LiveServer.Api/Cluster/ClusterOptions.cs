namespace LiveServer.Api.Cluster;

/// <summary>The <c>Cluster</c> section: empty <see cref="Redis"/> means one node, as before.</summary>
public sealed class ClusterOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Cluster";

    /// <summary>StackExchange.Redis connection string (e.g. <c>127.0.0.1:6379</c>); set, it turns clustering on.</summary>
    public string? Redis { get; set; }

    /// <summary>This node's id, unique in the cluster; empty: the host name and a random suffix.</summary>
    public string? NodeId { get; set; }

    /// <summary>The base URL other nodes reach this node at (e.g. <c>http://10.0.0.5:8080/</c>); empty: the first address Kestrel bound.</summary>
    public string? AdvertisedUrl { get; set; }

    /// <summary>Prefix of every Redis key and channel, so clusters can share a Redis.</summary>
    public string KeyPrefix { get; set; } = "liveserver";

    /// <summary>How long a node's and a room's lease lasts unrenewed; a dead node is noticed within it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>How often leases are renewed and lost nodes looked for.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>True when <see cref="Redis"/> is set.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);
}
