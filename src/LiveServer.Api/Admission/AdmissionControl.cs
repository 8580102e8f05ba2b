using LiveServer.Domain.Livestreams;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Admission;

/// <summary>
/// Decides whether one more livestream may start. The load counted is the larger of the estimated
/// cost of the running livestreams (by quality or mode, <see cref="AdmissionOptions"/>) and the CPU
/// measured by <see cref="LoadMonitor"/>: estimates hold a just-started stream's place before it is
/// measurable, measurements catch what the estimates miss (many participants, other work). A start
/// is refused with 429 at <see cref="AdmissionOptions.MaxLivestreams"/>, and with 503 when its cost
/// would exceed the budget or when running compositors are falling behind already.
/// </summary>
public sealed class AdmissionControl(LivestreamRegistry livestreams, LoadMonitor monitor, IOptions<AdmissionOptions> options)
{
    /// <summary>The estimated cores of a livestream with <paramref name="config"/>.</summary>
    public double CostOf(LivestreamConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var o = options.Value;
        return config.Mode == StreamMode.Audio
            ? o.CostAudioCores
            : config.Quality switch
            {
                Quality.Low => o.CostLowCores,
                Quality.High => o.CostHighCores,
                _ => o.CostMedCores,
            };
    }

    /// <summary>The estimated cores of every running livestream.</summary>
    public double CommittedCores() => livestreams.Active().Sum(l => CostOf(l.Config));

    /// <summary>Whether a livestream with <paramref name="config"/> may start now.</summary>
    public AdmissionDecision Decide(LivestreamConfig config)
    {
        var o = options.Value;
        var running = livestreams.Active().Count;
        if (running >= o.MaxLivestreams)
        {
            return new AdmissionDecision(
                AdmissionVerdict.MaxReached,
                $"{running} livestreams are running, the configured maximum (Admission:MaxLivestreams = {o.MaxLivestreams}).",
                o.RetryAfter);
        }

        var measured = monitor.Current;
        if (running > 0 && measured.LateShare > o.LateTickShare)
        {
            return new AdmissionDecision(
                AdmissionVerdict.AtCapacity,
                $"The machine is at capacity: running livestreams are falling behind ({measured.LateShare:P0} of their frames late over the last {measured.Window.TotalSeconds:0} s).",
                o.RetryAfter);
        }

        var load = Math.Max(CommittedCores(), measured.CpuCores);
        var cost = CostOf(config);
        if (load + cost > o.BudgetCores)
        {
            return new AdmissionDecision(
                AdmissionVerdict.AtCapacity,
                $"The machine is at capacity: {load:0.00} of {o.BudgetCores:0.00} CPU cores are in use and this livestream needs about {cost:0.00}.",
                o.RetryAfter);
        }

        return new AdmissionDecision(AdmissionVerdict.Admitted, null, TimeSpan.Zero);
    }
}
