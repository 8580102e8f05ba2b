using LiveServer.Api.Hosting;
using LiveServer.Storage;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Webhooks;

/// <summary>
/// Sends the outbox's webhook deliveries (at least once, from the store, so they survive restarts).
/// One loop owns the in-flight set: it wakes when deliveries are queued
/// (<see cref="WebhookOutbox.Queued"/>), when an attempt ends, when the next one is due, and at least
/// every <see cref="PollInterval"/>; then it takes the due deliveries, each the oldest pending of its
/// target and room (<see cref="ILiveStore.DueDeliveriesAsync"/>), leaves out the (target, room) groups
/// that have an attempt in flight, and starts up to <c>Webhooks:MaxConcurrentDeliveries</c> attempts at
/// once. So a target gets a room's events one at a time, in <c>seq</c> order, and a target that hangs
/// holds up only its own groups, for at most <c>Webhooks:Timeout</c> per attempt.
/// </summary>
/// <remarks>
/// 2xx is delivered; anything else (status, timeout, connection error) is tried again after
/// <c>FirstRetryDelay · 2^(attempts−1)</c>, at most <c>MaxRetryDelay</c> and never past
/// <c>GiveUpAt</c>, and an attempt that fails at or after <c>GiveUpAt</c> makes it failed. An outcome
/// is committed before its group is let go, so the next query sees it. Attempts cut short by shutdown
/// record nothing: those deliveries are sent again after the restart.
/// </remarks>
public sealed class WebhookDispatcher(
    ILiveStore store,
    StoreWriter writer,
    WebhookOutbox outbox,
    WebhookHttpClient client,
    IOptions<WebhookOptions> options,
    LiveServerMetrics metrics,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    /// <summary>The longest the loop sleeps without looking at the store.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    // After the store failed (a query or an outcome that could not be committed), before trying again:
    // a delivery whose outcome was lost is still due, and must not be sent in a tight loop.
    private static readonly TimeSpan FaultPause = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, (Group Group, Task Attempt)> _inFlight = new(StringComparer.Ordinal);
    private readonly HashSet<Group> _busyGroups = [];
    private TaskCompletionSource _wake = NewSignal();
    private bool _storeFailing;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        outbox.Queued += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Taken before the store is read, so deliveries queued from here on wake the wait below.
                var wake = TakeSignal();
                var wait = await DispatchDueAsync(stoppingToken).ConfigureAwait(false);
                await WaitAsync(wake, wait, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the writer or the store may already be going away.
        }
        finally
        {
            outbox.Queued -= Wake;

            // Cancelled with the stopping token: they end at once and record nothing.
            await Task.WhenAll(_inFlight.Values.Select(v => v.Attempt)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>The wait before the next retry after <paramref name="attempts"/> failed attempts.</summary>
    public static TimeSpan RetryDelay(int attempts, TimeSpan firstRetryDelay, TimeSpan maxRetryDelay)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 62);
        var ticks = firstRetryDelay.Ticks * Math.Pow(2, doublings);
        return ticks >= maxRetryDelay.Ticks ? maxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Wake() => Volatile.Read(ref _wake).TrySetResult();

    private TaskCompletionSource TakeSignal()
    {
        var current = Volatile.Read(ref _wake);
        if (current.Task.IsCompleted)
        {
            current = NewSignal();
            Volatile.Write(ref _wake, current);
        }

        return current;
    }

    /// <summary>Starts the due attempts there is room for; answers how long to wait at most before looking again.</summary>
    private async Task<TimeSpan> DispatchDueAsync(CancellationToken stoppingToken)
    {
        foreach (var (id, (group, attempt)) in _inFlight.ToList())
        {
            if (attempt.IsCompleted)
            {
                _inFlight.Remove(id);
                _busyGroups.Remove(group);
            }
        }

        var max = options.Value.MaxConcurrentDeliveries;
        try
        {
            // Deliveries are stored in batches: the ones just queued are in the store after the flush.
            await writer.FlushAsync().ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (_inFlight.Count < max)
            {
                // Every group in flight can take one row of the answer; ask for enough to fill the free places anyway.
                var due = await store.DueDeliveriesAsync(now, max, stoppingToken).ConfigureAwait(false);
                foreach (var delivery in due)
                {
                    var group = new Group(delivery.Url, delivery.RoomId);
                    if (_inFlight.Count >= max || _inFlight.ContainsKey(delivery.Id) || !_busyGroups.Add(group))
                    {
                        continue;
                    }

                    _inFlight[delivery.Id] = (group, AttemptAsync(delivery, stoppingToken));
                }
            }

            var next = await store.NextDeliveryDueAsync(stoppingToken).ConfigureAwait(false);
            if (_storeFailing)
            {
                _storeFailing = false;
                logger.LogInformation("Webhook deliveries: the store answers again");
            }

            // A due time already past belongs to an attempt in flight or to a delivery waiting behind
            // its group's head; both wake the loop (an attempt's end, the poll) without a busy loop.
            var untilNext = next is { } at ? at - time.GetUtcNow() : PollInterval;
            return untilNext > TimeSpan.Zero && untilNext < PollInterval ? untilNext : PollInterval;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            if (!_storeFailing)
            {
                _storeFailing = true;
                logger.LogError(e, "Webhook deliveries: could not read the outbox; trying again every {Pause}", FaultPause);
            }

            return FaultPause;
        }
    }

    private async Task WaitAsync(TaskCompletionSource wake, TimeSpan wait, CancellationToken stoppingToken)
    {
        using var nap = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var waits = new List<Task>(_inFlight.Count + 2) { wake.Task, Task.Delay(wait, time, nap.Token) };
        waits.AddRange(_inFlight.Values.Select(v => v.Attempt));
        await Task.WhenAny(waits).ConfigureAwait(false);
        await nap.CancelAsync().ConfigureAwait(false);
        stoppingToken.ThrowIfCancellationRequested();
    }

    private async Task AttemptAsync(StoredWebhookDelivery delivery, CancellationToken stoppingToken)
    {
        try
        {
            var error = await client.DeliverAsync(delivery, stoppingToken).ConfigureAwait(false);
            var (outcome, kind) = Outcome(delivery, error, time.GetUtcNow());
            await writer.WriteAsync(new StoreWrite.UpdateDelivery(outcome)).ConfigureAwait(false);
            metrics.WebhookDelivery(kind);
            Log(outcome, kind);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: the delivery stays pending and is sent again after the restart.
        }
        catch (Exception e)
        {
            logger.LogError(
                e, "Webhook delivery {DeliveryId} to {Url} (room {RoomId}): could not record the attempt; its group waits {Pause}",
                delivery.Id, delivery.Url, delivery.RoomId, FaultPause);
            await Task.Delay(FaultPause, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private (StoredWebhookDelivery Delivery, string Kind) Outcome(StoredWebhookDelivery delivery, string? error, DateTimeOffset now)
    {
        var attempts = delivery.Attempts + 1;
        if (error is null)
        {
            // lastError stays: it tells why earlier attempts failed.
            return (delivery with
            {
                Status = WebhookDeliveryStatus.Delivered, Attempts = attempts, LastAttemptAt = now, DeliveredAt = now,
            }, LiveServerMetrics.WebhookDelivered);
        }

        if (now >= delivery.GiveUpAt)
        {
            return (delivery with
            {
                Status = WebhookDeliveryStatus.Failed, Attempts = attempts, LastAttemptAt = now, LastError = error,
            }, LiveServerMetrics.WebhookFailed);
        }

        var retryAt = now + RetryDelay(attempts, options.Value.FirstRetryDelay, options.Value.MaxRetryDelay);
        return (delivery with
        {
            Attempts = attempts,
            LastAttemptAt = now,
            LastError = error,
            NextAttemptAt = retryAt < delivery.GiveUpAt ? retryAt : delivery.GiveUpAt,
        }, LiveServerMetrics.WebhookRetry);
    }

    private void Log(StoredWebhookDelivery d, string kind)
    {
        switch (kind)
        {
            case LiveServerMetrics.WebhookDelivered when d.Attempts > 1:
                logger.LogInformation(
                    "Webhook {WebhookType} #{Seq} of room {RoomId} delivered to {Url} at attempt {Attempts}", d.WebhookType, d.Seq, d.RoomId, d.Url, d.Attempts);
                break;
            case LiveServerMetrics.WebhookFailed:
                logger.LogWarning(
                    "Webhook {WebhookType} #{Seq} of room {RoomId} to {Url} given up after {Attempts} attempts: {LastError}",
                    d.WebhookType, d.Seq, d.RoomId, d.Url, d.Attempts, d.LastError);
                break;
            case LiveServerMetrics.WebhookRetry when d.Attempts == 1:
                logger.LogWarning(
                    "Webhook {WebhookType} #{Seq} of room {RoomId} to {Url} failed ({LastError}); retrying until {GiveUpAt}",
                    d.WebhookType, d.Seq, d.RoomId, d.Url, d.LastError, d.GiveUpAt);
                break;
            default:
                logger.LogDebug(
                    "Webhook {WebhookType} #{Seq} of room {RoomId} to {Url}: {Outcome} at attempt {Attempts} ({LastError})",
                    d.WebhookType, d.Seq, d.RoomId, d.Url, kind, d.Attempts, d.LastError);
                break;
        }
    }

    private readonly record struct Group(string Url, string RoomId);
}
