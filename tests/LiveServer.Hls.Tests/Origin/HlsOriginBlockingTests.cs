using LiveServer.Hls.Origin;
using LiveServer.Hls.Tests.TestKit;

namespace LiveServer.Hls.Tests.Origin;

/// <summary>
/// Blocking requests on the origin (RFC 8216bis section 6.2.5.2), on a fake clock: held until the
/// awaited part is appended, the stream ends, the caller gives up, or three target durations pass;
/// and when a player may start (PART-HOLD-BACK listed in every rendition).
/// </summary>
public sealed class HlsOriginBlockingTests : IDisposable
{
    /// <summary>Only keeps a broken test from hanging; nothing is asserted about how long anything takes.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly TestOrigin _test = new();

    public void Dispose() => _test.Dispose();

    private HlsOrigin Origin => _test.Origin;

    private TimeSpan Limit => Origin.Timing.BlockingLimit;

    [Fact]
    public async Task WaitUntilAsync_AwaitedPartAppended_True()
    {
        _test.Append(0, 3);
        var wait = Origin.WaitUntilAsync(() => _test.Video.Has(0, 3), Limit, CancellationToken.None);
        Assert.False(wait.IsCompleted);

        _test.Append(0, 1);

        Assert.True(await wait.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task WaitUntilAsync_AlreadyListed_TrueAtOnce()
    {
        _test.Append(0, 3);

        var wait = Origin.WaitUntilAsync(() => _test.Video.Has(0, 2), Limit, CancellationToken.None);

        Assert.True(wait.IsCompletedSuccessfully);
        Assert.True(await wait);
    }

    [Fact]
    public async Task WaitUntilAsync_OtherPartsAppended_KeepsWaiting()
    {
        var checks = 0;
        var wait = Origin.WaitUntilAsync(
            () =>
            {
                Interlocked.Increment(ref checks);
                return _test.Video.Has(0, 5);
            },
            Limit,
            CancellationToken.None);

        for (var appended = 1; appended <= 5; appended++)
        {
            _test.Append(0, 1);
            Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref checks) > appended, HangGuard), "Each append is looked at.");
        }

        Assert.False(wait.IsCompleted);
        _test.Append(0, 1);
        Assert.True(await wait.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task WaitUntilAsync_NothingAppended_FalseAfterThreeTargetDurations()
    {
        Assert.Equal(TimeSpan.FromSeconds(6), Limit);
        var wait = Origin.WaitUntilAsync(() => _test.Video.Has(0, 0), Limit, CancellationToken.None);

        _test.Time.Advance(Limit - TimeSpan.FromMilliseconds(1));
        Assert.False(wait.IsCompleted);
        _test.Time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(await wait.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task WaitUntilAsync_AfterEnd_TrueAtOnce()
    {
        Origin.End();

        var wait = Origin.WaitUntilAsync(() => false, Limit, CancellationToken.None);

        Assert.True(wait.IsCompletedSuccessfully);
        Assert.True(await wait);
    }

    [Fact]
    public async Task WaitUntilAsync_EndWhileWaiting_True()
    {
        var wait = Origin.WaitUntilAsync(() => false, Limit, CancellationToken.None);
        Assert.False(wait.IsCompleted);

        Origin.End();

        Assert.True(await wait.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task WaitUntilAsync_Cancelled_Throws()
    {
        using var cancel = new CancellationTokenSource();
        var wait = Origin.WaitUntilAsync(() => false, Limit, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task WaitUntilAsync_AThousandWaiters_AllAnsweredByOneAppend()
    {
        _test.Append(0, 3);
        var waits = Enumerable.Range(0, 1_000).Select(_ => Origin.WaitUntilAsync(() => _test.Video.Has(0, 3), Limit, CancellationToken.None)).ToArray();
        Assert.DoesNotContain(waits, w => w.IsCompleted);

        _test.Append(0, 1);

        Assert.All(await Task.WhenAll(waits).WaitAsync(HangGuard), Assert.True);
    }

    [Fact]
    public void IsPlayable_OnlyOnceEveryRenditionListsPartHoldBack()
    {
        Assert.False(Origin.IsPlayable);
        _test.Append(0, 3);
        _test.Append(1, 2);
        Assert.False(Origin.IsPlayable);

        _test.Append(1, 1);

        Assert.True(Origin.IsPlayable);
        Assert.Equal(Origin.Timing.PartHoldBack, _test.AudioOnly.TotalDuration);
        Assert.NotNull(Origin.Multivariant(live: true));
    }
}
