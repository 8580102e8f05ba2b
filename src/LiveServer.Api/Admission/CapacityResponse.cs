namespace LiveServer.Api.Admission;

/// <summary>What <c>GET /v2/capacity</c> reports.</summary>
/// <param name="Cores">The machine's processor count.</param>
/// <param name="BudgetCores">Cores livestreams may use.</param>
/// <param name="CommittedCores">Estimated cores of the running livestreams.</param>
/// <param name="MeasuredCores">Cores the server's process tree used over the last window.</param>
/// <param name="LateTickShare">Share of the running compositors' ticks that were late over the last window.</param>
/// <param name="RunningLivestreams">Livestreams running now.</param>
/// <param name="MaxLivestreams">The configured maximum.</param>
/// <param name="CanStart">Whether one more livestream of each kind would be admitted now.</param>
/// <param name="Costs">The estimated cores of one livestream of each kind.</param>
public sealed record CapacityResponse(
    int Cores,
    double BudgetCores,
    double CommittedCores,
    double MeasuredCores,
    double LateTickShare,
    int RunningLivestreams,
    int MaxLivestreams,
    CapacityByKind CanStart,
    CostByKind Costs);
