namespace LiveServer.HubLoad;

/// <summary>Everything one run measured, before it is summed up (<see cref="HubLoadFigures"/>).</summary>
internal sealed record HubLoadRaw(
    DateTimeOffset Started,
    int Cores,
    string LoadAverageBefore,
    string LoadAverageAfter,
    string RoomId,
    int SenderConnections,
    IReadOnlyList<WorkerReady> Readies,
    double RampSeconds,
    long? RssBefore,
    long? RssJoined,
    long? RssPeakUnderLoad,
    long? RssEnd,
    long? HeapBefore,
    long? HeapJoined,
    long? RssCollectedBefore,
    long? RssCollectedJoined,
    SendOutcome Sent,
    IReadOnlyList<VoteBurstResult> Bursts,
    IReadOnlyList<WorkerReport> Reports,
    CpuLoad Load,
    CpuLoad Whole,
    IReadOnlyList<double?> SlowViewerDroppedAfterSeconds);
