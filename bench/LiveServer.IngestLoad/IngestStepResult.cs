namespace LiveServer.IngestLoad;

/// <summary>One measured step: N sessions sending at one rate for the blast time.</summary>
internal sealed record IngestStepResult(
    int Sessions,
    string Rate,
    double Seconds,
    long PacketsSent,
    long PacketsReceived,
    long BytesReceived,
    long DecryptFailures,
    long PacketsLostByServer,
    long FramesEmitted,
    long FramesDiscarded,
    long NacksReceived,
    long KernelReceiveBufferDrops,
    double ServerCpuSeconds,
    double ClientCpuSeconds)
{
    public double SentPerSecond => PacketsSent / Seconds;

    public double ReceivedPerSecond => PacketsReceived / Seconds;

    /// <summary>Share of the sent packets the server never counted (dropped in the socket or refused).</summary>
    public double LossPercent => PacketsSent == 0 ? 0 : Math.Max(0, 100.0 * (PacketsSent - PacketsReceived) / PacketsSent);

    /// <summary>Cores the server process used on average during the step.</summary>
    public double ServerCores => ServerCpuSeconds / Seconds;

    public double ClientCores => ClientCpuSeconds / Seconds;

    /// <summary>Packets the server took in per second of its CPU time: packets per second per core.</summary>
    public double PacketsPerCoreSecond => ServerCpuSeconds <= 0 ? 0 : PacketsReceived / ServerCpuSeconds;

    public double MegabitsPerCoreSecond => ServerCpuSeconds <= 0 ? 0 : BytesReceived * 8 / ServerCpuSeconds / 1e6;

    public double FramesPerSecond => FramesEmitted / Seconds;
}
