namespace LiveServer.Api.Admission;

/// <summary>The load measured over a window.</summary>
/// <param name="CpuCores">Average cores used by the server's process tree.</param>
/// <param name="Ticks">Compositor ticks of running livestreams in the window.</param>
/// <param name="LateTicks">Of those, the late ones.</param>
/// <param name="Window">The time the figures cover.</param>
public sealed record MeasuredLoad(double CpuCores, long Ticks, long LateTicks, TimeSpan Window)
{
    /// <summary>Nothing measured yet.</summary>
    public static MeasuredLoad None { get; } = new(0, 0, 0, TimeSpan.Zero);

    /// <summary>The late share of the ticks (0 when there were none).</summary>
    public double LateShare => Ticks == 0 ? 0 : (double)LateTicks / Ticks;
}
