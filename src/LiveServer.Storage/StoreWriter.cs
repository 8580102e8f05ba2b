using System.Threading.Channels;

namespace LiveServer.Storage;

/// <summary>
/// Gathers writes from every thread and applies them in batches: one loop takes whatever is queued
/// (up to <see cref="MaxBatch"/>) and commits it as one transaction, so a burst of status changes
/// and events costs one commit. <see cref="Post"/> returns at once; <see cref="WriteAsync"/> and
/// <see cref="FlushAsync"/> complete when the write (and everything posted before it) is committed.
/// A batch that fails is logged through <see cref="Failed"/> and retried write by write, so one bad
/// write loses only itself.
/// </summary>
public sealed class StoreWriter : IAsyncDisposable
{
    /// <summary>Writes committed in one transaction at most.</summary>
    public const int MaxBatch = 512;

    private readonly ILiveStore _store;
    private readonly Channel<(StoreWrite? Write, TaskCompletionSource? Done)> _queue =
        Channel.CreateUnbounded<(StoreWrite?, TaskCompletionSource?)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Task _loop;
    private long _committed;
    private long _lost;

    /// <summary>Starts the writing loop.</summary>
    public StoreWriter(ILiveStore store)
    {
        _store = store;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Raised (on the writer's loop) when a write could not be committed; it is then lost.</summary>
    public event Action<StoreWrite, Exception>? Failed;

    /// <summary>Writes committed so far.</summary>
    public long Committed => Interlocked.Read(ref _committed);

    /// <summary>Writes that failed and were dropped.</summary>
    public long Lost => Interlocked.Read(ref _lost);

    /// <summary>Queues a write; it is committed with the next batch.</summary>
    public void Post(StoreWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite((write, null)), this);
    }

    /// <summary>Queues a write and waits until it is committed.</summary>
    public Task WriteAsync(StoreWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Writer.TryWrite((write, done)) ? done.Task : Task.FromException(new ObjectDisposedException(nameof(StoreWriter)));
    }

    /// <summary>Completes when everything posted before this call is committed (or lost).</summary>
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Writer.TryWrite((null, done)) ? done.Task : _loop;
    }

    /// <summary>Commits what is queued and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<StoreWrite>(MaxBatch);
        var waiting = new List<(StoreWrite? Write, TaskCompletionSource Done)>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                if (item.Write is { } write)
                {
                    batch.Add(write);
                }

                if (item.Done is { } done)
                {
                    waiting.Add((item.Write, done));
                }
            }

            var failures = await CommitAsync(batch).ConfigureAwait(false);
            foreach (var (write, done) in waiting)
            {
                if (write is not null && failures.TryGetValue(write, out var error))
                {
                    done.TrySetException(error);
                }
                else
                {
                    done.TrySetResult();
                }
            }

            batch.Clear();
            waiting.Clear();
        }
    }

    private async Task<Dictionary<StoreWrite, Exception>> CommitAsync(List<StoreWrite> batch)
    {
        var failures = new Dictionary<StoreWrite, Exception>(ReferenceEqualityComparer.Instance);
        try
        {
            await _store.WriteAsync(batch, CancellationToken.None).ConfigureAwait(false);
            Interlocked.Add(ref _committed, batch.Count);
            return failures;
        }
        catch (Exception) when (batch.Count > 1)
        {
            // Find the write that broke the batch: commit one by one.
        }
        catch (Exception e)
        {
            Lose(batch[0], e, failures);
            return failures;
        }

        foreach (var write in batch)
        {
            try
            {
                await _store.WriteAsync([write], CancellationToken.None).ConfigureAwait(false);
                Interlocked.Increment(ref _committed);
            }
            catch (Exception e)
            {
                Lose(write, e, failures);
            }
        }

        return failures;
    }

    private void Lose(StoreWrite write, Exception error, Dictionary<StoreWrite, Exception> failures)
    {
        Interlocked.Increment(ref _lost);
        failures[write] = error;
        Failed?.Invoke(write, error);
    }
}
