namespace LiveServer.HubLoad;

/// <summary>
/// Cores used (CPU seconds per wall second) over <paramref name="Seconds"/>, the server's CPU seconds,
/// and the share of that time in which some task on the machine waited for a core (CPU pressure).
/// </summary>
internal sealed record CpuLoad(
    double Seconds, double? ServerCores, double LoadProcessCores, double CoordinatorCores, double? ServerCpuSeconds, double? CpuPressure);
