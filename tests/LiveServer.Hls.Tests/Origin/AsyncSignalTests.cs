using LiveServer.Hls.Origin;

namespace LiveServer.Hls.Tests.Origin;

/// <summary>The wake-everyone signal under the blocking requests.</summary>
public sealed class AsyncSignalTests
{
    [Fact]
    public void Next_BeforePulse_Pending()
    {
        var signal = new AsyncSignal();

        Assert.False(signal.Next.IsCompleted);
        Assert.Same(signal.Next, signal.Next);
    }

    [Fact]
    public async Task Pulse_CompletesTheTaskTakenBeforeAndArmsAFreshOne()
    {
        var signal = new AsyncSignal();
        var taken = signal.Next;

        signal.Pulse();

        await taken.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(signal.Next.IsCompleted);
        Assert.NotSame(taken, signal.Next);
    }
}
