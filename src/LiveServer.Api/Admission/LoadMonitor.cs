using LiveServer.Domain.Livestreams;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Admission;

/// <summary>
/// Measures the load every second: CPU of the server's process tree (the server and its FFmpeg
/// children) and the running livestreams' compositor ticks and late ticks. <see cref="Current"/> is
/// the average over <see cref="AdmissionOptions.LoadWindow"/>. Owns its samples; one loop.
/// </summary>
public sealed class LoadMonitor(LivestreamRegistry livestreams, IOptions<AdmissionOptions> options, TimeProvider time)
    : BackgroundService
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);
    private readonly int _pid = Environment.ProcessId;
    private readonly Queue<Sample> _samples = new();
    private volatile MeasuredLoad _current = MeasuredLoad.None;

    /// <summary>The load measured over the last window.</summary>
    public MeasuredLoad Current => _current;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!ProcessTreeCpu.IsAvailable)
        {
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(SampleInterval, time);
            do
            {
                Record(TakeSample());
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private Sample TakeSample()
    {
        long ticks = 0, late = 0;
        foreach (var livestream in livestreams.Active())
        {
            var stats = livestream.Stats;
            ticks += stats.Ticks;
            late += stats.LateTicks;
        }

        return new Sample(time.GetTimestamp(), ProcessTreeCpu.Sample(_pid), ticks, late);
    }

    private void Record(Sample sample)
    {
        _samples.Enqueue(sample);
        while (_samples.Count > 2 && time.GetElapsedTime(_samples.Peek().At, sample.At) > options.Value.LoadWindow)
        {
            _samples.Dequeue();
        }

        var first = _samples.Peek();
        var elapsed = time.GetElapsedTime(first.At, sample.At);
        if (elapsed <= TimeSpan.Zero)
        {
            return;
        }

        // Livestreams that ended or started in the window make the tick deltas uneven; never below zero.
        var ticks = Math.Max(0, sample.Ticks - first.Ticks);
        var late = Math.Max(0, sample.LateTicks - first.LateTicks);
        var cores = Math.Max(0, (sample.Cpu - first.Cpu) / elapsed);
        _current = new MeasuredLoad(Math.Round(cores, 3), ticks, Math.Min(late, ticks), elapsed);
    }

    private sealed record Sample(long At, TimeSpan Cpu, long Ticks, long LateTicks);
}
