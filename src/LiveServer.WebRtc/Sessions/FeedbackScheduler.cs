// When a session sends what (RFC 3550 section 6.4.2: a receiver report about once a second; RFC
// 4585 section 3.5: NACK as soon as a loss is worth asking for, section 6.3.1: PLI when a loss was not
// repaired, when the decoder chain waits for a keyframe, when asked, and periodically while a
// livestream wants segment-aligned keyframes), at most one PLI per SSRC per 300 ms.
using LiveServer.WebRtc.Rtcp;
using LiveServer.WebRtc.Rtp;

namespace LiveServer.WebRtc.Sessions;

/// <summary>
/// The feedback of one session, run on every timer tick: report blocks and REMB, NACKs and PLIs for
/// its receivers, written through a <see cref="RtcpFeedbackWriter"/>. Used under the session's lock,
/// except <see cref="RequestKeyframe"/> and <see cref="KeyframeInterval"/>, which are safe from any thread.
/// </summary>
internal sealed class FeedbackScheduler
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan KeyframeRetryInterval = TimeSpan.FromSeconds(1);

    private readonly RtcpFeedbackWriter _writer;
    private readonly RembRule _remb;
    private readonly ushort[] _nackScratch = new ushort[64];
    private readonly ReportBlock[] _blocks = new ReportBlock[SsrcRouter.MaxReceivers];
    private readonly uint[] _rembSsrcs = new uint[SsrcRouter.MaxReceivers];
    private TimeSpan _lastReportAt = RtpReceiver.Never;
    private TimeSpan _lastPeriodicPliAt;
    private volatile bool _keyframeRequested;
    private long _keyframeIntervalTicks;

    /// <summary>Creates the schedule of a session that starts at <paramref name="now"/>.</summary>
    public FeedbackScheduler(RtcpFeedbackWriter writer, long maxVideoBitrate, TimeSpan keyframeInterval, TimeSpan now)
    {
        _writer = writer;
        _remb = new RembRule(maxVideoBitrate);
        _keyframeIntervalTicks = keyframeInterval.Ticks;
        _lastPeriodicPliAt = now;
    }

    /// <summary>The writer's counters.</summary>
    public RtcpFeedbackWriter Writer => _writer;

    /// <summary>The last REMB estimate (bits per second), 0 before the first.</summary>
    public long RembEstimate => _remb.Estimate;

    /// <summary>When the first PLI went out, or <see langword="null"/>.</summary>
    public TimeSpan? FirstPliAt { get; private set; }

    /// <summary>The periodic PLI interval (zero: none).</summary>
    public TimeSpan KeyframeInterval
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _keyframeIntervalTicks));
        set => Volatile.Write(ref _keyframeIntervalTicks, value.Ticks);
    }

    /// <summary>Asks for a PLI on every video SSRC at the next tick.</summary>
    public void RequestKeyframe() => _keyframeRequested = true;

    /// <summary>Writes and sends what is due at <paramref name="now"/> for <paramref name="receivers"/>.</summary>
    public void Tick(IReadOnlyList<RtpReceiver> receivers, TimeSpan now)
    {
        BeginCompound(receivers, now);
        bool requested = _keyframeRequested;
        TimeSpan interval = KeyframeInterval;
        bool periodic = interval > TimeSpan.Zero && now - _lastPeriodicPliAt >= interval;
        bool anyVideo = false;
        foreach (RtpReceiver receiver in receivers)
        {
            NackPollResult poll = receiver.PollNacks(now, _nackScratch);
            if (poll.NackCount > 0 && receiver.NackEnabled)
            {
                _writer.AddNack(receiver.Ssrc, _nackScratch.AsSpan(0, poll.NackCount));
            }

            if (receiver.Kind != MediaKind.Video || !receiver.PliEnabled)
            {
                continue;
            }

            anyVideo = true;
            if (requested || periodic || poll.LossNotRepaired
                || (receiver.NeedsKeyframe && receiver.PacketsReceived > 0 && now - receiver.LastPliAt >= KeyframeRetryInterval))
            {
                receiver.PliPending = true;
            }

            if (receiver.PliPending && now - receiver.LastPliAt >= PeerSession.MinKeyframeRequestInterval)
            {
                _writer.AddPli(receiver.Ssrc);
                receiver.PliPending = false;
                receiver.LastPliAt = now;
                FirstPliAt ??= now;
            }
        }

        if (requested && anyVideo)
        {
            _keyframeRequested = false;
        }

        if (periodic)
        {
            _lastPeriodicPliAt = now;
        }

        _writer.Flush();
    }

    // A compound starts with a receiver report; about once a second it is the full report (blocks,
    // SDES, REMB), otherwise an empty one ahead of feedback.
    private void BeginCompound(IReadOnlyList<RtpReceiver> receivers, TimeSpan now)
    {
        if (receivers.Count == 0 || now - _lastReportAt < ReportInterval)
        {
            _writer.Begin([], asReport: false);
            return;
        }

        int blocks = 0;
        int worstLoss = 0;
        int ssrcs = 0;
        long videoBytes = 0;
        bool remb = false;
        foreach (RtpReceiver receiver in receivers)
        {
            if (receiver.PacketsReceived > 0 && blocks < _blocks.Length)
            {
                _blocks[blocks] = receiver.Statistics.CreateReportBlock(now);
                worstLoss = Math.Max(worstLoss, _blocks[blocks++].FractionLost);
            }

            if (receiver.Kind == MediaKind.Video)
            {
                videoBytes += receiver.BytesSinceReport;
                remb |= receiver.RembEnabled;
            }

            receiver.BytesSinceReport = 0;
            if (ssrcs < _rembSsrcs.Length)
            {
                _rembSsrcs[ssrcs++] = receiver.Ssrc;
            }
        }

        double seconds = _lastReportAt == RtpReceiver.Never ? 1 : Math.Max(0.1, (now - _lastReportAt).TotalSeconds);
        long bitrate = remb ? _remb.Update(worstLoss, videoBytes, seconds) : 0;
        _writer.Begin(_blocks.AsSpan(0, blocks), asReport: true, bitrate, _rembSsrcs.AsSpan(0, ssrcs));
        _lastReportAt = now;
    }
}
