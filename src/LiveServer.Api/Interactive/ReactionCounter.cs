using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using LiveServer.Api.Rooms;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Interactive;

/// <summary>
/// Counts reactions per room and pushes them as one <c>reactions</c> event per room every
/// <c>Interactive:ReactionInterval</c> (250 ms: at most 4 a second), with the counts by type since the
/// last, so a storm of thousands per second costs a dictionary increment each and a few events. Each
/// identity may send <c>Interactive:ReactionsPerSecond</c> (a token bucket, twice that as a burst).
/// </summary>
public sealed class ReactionCounter : BackgroundService
{
    private readonly ConcurrentDictionary<string, Dictionary<string, long>> _pending = new(StringComparer.Ordinal);
    private readonly RoomNotifier _notifier;
    private readonly ReactionOptions _options;
    private readonly TimeProvider _time;
    private readonly PartitionedRateLimiter<string> _perIdentity;
    private readonly HashSet<string> _types;

    /// <summary>Creates the counter.</summary>
    public ReactionCounter(RoomNotifier notifier, IOptions<ReactionOptions> options, TimeProvider time)
    {
        _notifier = notifier;
        _options = options.Value;
        _time = time;
        _types = new HashSet<string>(_options.AllowedTypes, StringComparer.Ordinal);
        var perSecond = _options.ReactionsPerSecond;
        _perIdentity = PartitionedRateLimiter.Create<string, string>(identity => RateLimitPartition.GetTokenBucketLimiter(
            identity,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = perSecond * 2,
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Raised with a room's counts by type each time they are pushed (the overlays add them to the picture).</summary>
    public event Action<string, IReadOnlyDictionary<string, long>>? Flushed;

    /// <summary>The types a reaction may have.</summary>
    public IReadOnlyList<string> Types => _options.AllowedTypes;

    /// <summary>Counts one reaction of <paramref name="identity"/>; false when it sent more than its rate.</summary>
    public bool TryAdd(string roomId, string type, string identity)
    {
        if (!_types.Contains(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Not a configured reaction type.");
        }

        using var lease = _perIdentity.AttemptAcquire(roomId + "\n" + identity);
        if (!lease.IsAcquired)
        {
            return false;
        }

        var counts = _pending.GetOrAdd(roomId, _ => new Dictionary<string, long>(StringComparer.Ordinal));
        lock (counts)
        {
            counts[type] = counts.GetValueOrDefault(type) + 1;
        }

        return true;
    }

    /// <summary>True when <paramref name="type"/> is a configured reaction type.</summary>
    public bool IsKnown(string type) => _types.Contains(type);

    /// <inheritdoc />
    public override void Dispose()
    {
        _perIdentity.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.ReactionInterval, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await FlushAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Pushes every room's counts gathered since the last flush.</summary>
    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var (roomId, counts) in _pending)
        {
            Dictionary<string, long> taken;
            lock (counts)
            {
                // An idle room keeps its (empty) dictionary: removing it could race an increment into a lost one.
                if (counts.Count == 0)
                {
                    continue;
                }

                taken = new Dictionary<string, long>(counts, StringComparer.Ordinal);
                counts.Clear();
            }

            Flushed?.Invoke(roomId, taken);

            await _notifier.PublishAsync("reactions", new ReactionsMessage(roomId, taken, _time.GetUtcNow()), null, null, cancellationToken)
                .ConfigureAwait(false);
        }
    }
}
