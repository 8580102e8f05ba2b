namespace LiveServer.HubLoad;

/// <summary>The server's highest RSS, sampled every second from start to stop.</summary>
internal sealed class PeakSampler
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<long?> _sampling;

    public PeakSampler(int? pid) => _sampling = pid is { } p ? Task.Run(() => SampleAsync(p)) : Task.FromResult<long?>(null);

    public async Task<long?> StopAsync()
    {
        await _stop.CancelAsync();
        var peak = await _sampling;
        _stop.Dispose();
        return peak;
    }

    private async Task<long?> SampleAsync(int pid)
    {
        long? peak = null;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                if (ProcessProbe.RssBytes(pid) is { } rss && rss > (peak ?? 0))
                {
                    peak = rss;
                }
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }

        return peak;
    }
}
