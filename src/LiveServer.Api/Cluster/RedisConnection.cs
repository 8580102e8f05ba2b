using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LiveServer.Api.Cluster;

/// <summary>
/// The node's one Redis connection (StackExchange.Redis multiplexes every command and subscription
/// over it), opened on first use from <c>Cluster:Redis</c> and closed with the host.
/// </summary>
public sealed class RedisConnection(IOptions<ClusterOptions> options, ILogger<RedisConnection> logger) : IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _connection = new(() => ConnectAsync(options.Value, logger));

    /// <summary>The key and channel prefix (<c>Cluster:KeyPrefix</c>) followed by a colon.</summary>
    public string Prefix { get; } = options.Value.KeyPrefix + ":";

    /// <summary>The connected multiplexer (it reconnects by itself after a lost connection).</summary>
    public Task<IConnectionMultiplexer> GetAsync() => _connection.Value;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.CloseAsync().ConfigureAwait(false);
            _connection.Value.Result.Dispose();
        }
    }

    private static async Task<IConnectionMultiplexer> ConnectAsync(ClusterOptions options, ILogger logger)
    {
        var configuration = ConfigurationOptions.Parse(options.Redis!);
        configuration.AbortOnConnectFail = false;
        configuration.ClientName = "liveserver";
        var connection = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        logger.LogInformation("Connected to Redis at {Endpoints}", string.Join(", ", configuration.EndPoints));
        return connection;
    }
}
