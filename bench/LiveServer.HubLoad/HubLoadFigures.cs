namespace LiveServer.HubLoad;

/// <summary>
/// A run summed up across load processes: per (message, viewer) latencies from the merged histograms,
/// per message the time to its last viewer, deliveries missing, reactions and polls as each viewer
/// counted them, memory per viewer and the cores each side used.
/// </summary>
internal sealed record HubLoadFigures(
    int ViewersAsked,
    int ViewersJoined,
    int ViewersFailed,
    int ViewersClosed,
    IReadOnlyList<string> Problems,
    double RampSeconds,
    int ChatSent,
    int ChatAccepted,
    double ChatPerSecond,
    long DeliveriesExpected,
    long DeliveriesMissing,
    int MessagesToEveryViewer,
    Percentiles PairFromSend,
    Percentiles PairFromServer,
    Percentiles LastViewerFromSend,
    Percentiles LastViewerFromServer,
    IReadOnlyList<SecondFigures> Timeline,
    long ReactionsSent,
    long ReactionsAccepted,
    long ReactionsRefusedOrFailed,
    double ReactionsPerSecond,
    int ViewersWithEveryReaction,
    long ReactionSumMin,
    long ReactionSumMax,
    Percentiles ReactionsFromServer,
    IReadOnlyList<BurstFigures> Bursts,
    double? RssBeforeMb,
    double? RssJoinedMb,
    double? RssPeakMb,
    double? RssEndMb,
    double? RssPerViewerKb,
    double? HeapBeforeMb,
    double? HeapJoinedMb,
    double? HeapPerViewerKb,
    double? RssCollectedPerViewerKb,
    CpuLoad Cpu,
    CpuLoad Whole,
    long EventsDelivered,
    double? ServerCpuPerEventUs,
    double? RecordsPerWebSocketMessage,
    IReadOnlyList<double?> SlowViewersDroppedAfterSeconds)
{
    public static HubLoadFigures From(HubLoadRaw raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var reports = raw.Reports;
        var joined = raw.Readies.Sum(r => r.Connected);
        var sent = raw.Sent;
        var pairFromSend = Merge(reports.Select(r => r.ChatFromSend));
        var pairFromServer = Merge(reports.Select(r => r.ChatFromServer));
        var reactionsFromServer = Merge(reports.Select(r => r.ReactionsFromServer));

        var lastFromSend = new List<double>();
        var lastFromServer = new List<double>();
        var perSecond = new SortedDictionary<int, List<double>>();
        long missing = 0;
        var complete = 0;
        var firstSent = sent.ChatSentTicks.Count > 0 ? sent.ChatSentTicks[0] : 0;
        for (var m = 0; m < sent.ChatSent; m++)
        {
            if (!sent.ChatOk[m])
            {
                continue;
            }

            var received = reports.Sum(r => (long)r.Received[m]);
            missing += Math.Max(0, joined - received);
            complete += received >= joined ? 1 : 0;
            var last = reports.Max(r => r.LastArrival[m]);
            if (last == 0)
            {
                continue;
            }

            var fromSend = (last - sent.ChatSentTicks[m]) / (double)TimeSpan.TicksPerMillisecond;
            lastFromSend.Add(fromSend);
            if (sent.ChatAtTicks[m] != 0)
            {
                lastFromServer.Add((last - sent.ChatAtTicks[m]) / (double)TimeSpan.TicksPerMillisecond);
            }

            var second = (int)((sent.ChatSentTicks[m] - firstSent) / TimeSpan.TicksPerSecond);
            if (!perSecond.TryGetValue(second, out var list))
            {
                perSecond[second] = list = [];
            }

            list.Add(fromSend);
        }

        var delivered = pairFromSend.Count + reports.Sum(r => r.ReactionEvents.Sum());
        var frames = reports.Sum(r => r.WebSocketMessages);
        var sums = reports.SelectMany(r => r.ReactionSum.Take(r.Connected)).ToList();
        var closeReasons = reports.SelectMany(r => r.CloseReasons).Concat(raw.Readies.SelectMany(r => r.Errors)).Concat(sent.Refusals).Distinct().Take(8).ToList();
        return new HubLoadFigures(
            raw.Readies.Sum(r => r.Connected + r.Failed),
            joined,
            raw.Readies.Sum(r => r.Failed),
            reports.Sum(r => r.Closed),
            closeReasons,
            raw.RampSeconds,
            sent.ChatSent,
            sent.ChatAccepted,
            sent.ChatSent / sent.Seconds,
            (long)sent.ChatAccepted * joined,
            missing,
            complete,
            Percentiles.Of(pairFromSend),
            Percentiles.Of(pairFromServer),
            Percentiles.Of(lastFromSend),
            Percentiles.Of(lastFromServer),
            [.. perSecond.Select(p => new SecondFigures(p.Key, p.Value.Count, Percentiles.Of(p.Value)))],
            sent.ReactionsSent,
            sent.ReactionsAccepted,
            sent.ReactionsRefused + sent.ReactionsFailed + sent.ReactionsUnanswered,
            sent.ReactionsSent / sent.Seconds,
            sums.Count(s => s == sent.ReactionsAccepted),
            sums.Count == 0 ? 0 : sums.Min(),
            sums.Count == 0 ? 0 : sums.Max(),
            Percentiles.Of(reactionsFromServer),
            [.. raw.Bursts.Select(b => BurstFigures.Of(b, reports))],
            Mb(raw.RssBefore),
            Mb(raw.RssJoined),
            Mb(raw.RssPeakUnderLoad),
            Mb(raw.RssEnd),
            PerViewerKb(raw.RssBefore, raw.RssJoined, joined),
            Mb(raw.HeapBefore),
            Mb(raw.HeapJoined),
            PerViewerKb(raw.HeapBefore, raw.HeapJoined, joined),
            PerViewerKb(raw.RssCollectedBefore, raw.RssCollectedJoined, joined),
            raw.Load,
            raw.Whole,
            delivered,
            raw.Whole.ServerCpuSeconds is { } cpu && delivered > 0 ? cpu / delivered * 1e6 : null,
            frames > 0 ? reports.Sum(r => r.Records) / (double)frames : null,
            raw.SlowViewerDroppedAfterSeconds);
    }

    private static LatencyHistogram Merge(IEnumerable<HistogramData> parts)
    {
        var histogram = new LatencyHistogram();
        foreach (var part in parts)
        {
            histogram.Merge(part);
        }

        return histogram;
    }

    private static double? Mb(long? bytes) => bytes / 1048576.0;

    private static double? PerViewerKb(long? before, long? after, int viewers) =>
        before is { } b && after is { } a && viewers > 0 ? (a - b) / 1024.0 / viewers : null;
}
