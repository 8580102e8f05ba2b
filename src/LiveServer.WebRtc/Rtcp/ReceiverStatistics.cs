// RFC 3550 appendix A.1 (sequence number maintenance: cycles, MAX_DROPOUT, MAX_MISORDER and the
// resynchronisation after a large jump), A.3 (expected, lost, fraction lost per interval) and A.8
// (interarrival jitter), plus the LSR/DLSR fields of section 6.4.1. Probation (MIN_SEQUENTIAL) is
// left out: SRTP authentication already vouches for the source. Jitter is updated only by packets
// that advance the highest sequence number, so retransmitted and reordered packets do not inflate
// it (libwebrtc does the same).
namespace LiveServer.WebRtc.Rtcp;

/// <summary>
/// Reception statistics for one SSRC, producing the fields of an RTCP report block.
/// Single owner; not thread-safe. Does not allocate.
/// </summary>
public sealed class ReceiverStatistics
{
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const int SequenceModulo = 1 << 16;

    private bool _started;
    private ushort _maxSequence;
    private uint _cycles;
    private uint _baseSequence;
    private int _badSequence = SequenceModulo + 1;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private long _lastTransit;
    private bool _hasTransit;
    private long _jitterQ4;
    private uint _lastSenderReport;
    private TimeSpan _lastSenderReportArrival;
    private bool _hasSenderReport;

    /// <summary>Creates statistics for one source.</summary>
    /// <param name="ssrc">The media SSRC.</param>
    /// <param name="clockRate">The RTP clock rate of its payload (90000 for video, 48000 for Opus).</param>
    public ReceiverStatistics(uint ssrc, int clockRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        Ssrc = ssrc;
        ClockRate = clockRate;
    }

    /// <summary>The media SSRC.</summary>
    public uint Ssrc { get; }

    /// <summary>The RTP clock rate used for jitter.</summary>
    public int ClockRate { get; }

    /// <summary>Packets counted as received (duplicates included, as RFC 3550 A.3 does).</summary>
    public long PacketsReceived => _received;

    /// <summary>Cycle count in the high 16 bits, highest sequence number in the low 16.</summary>
    public uint ExtendedHighestSequenceNumber => _cycles + _maxSequence;

    /// <summary>Packets expected since the first one, from the sequence numbers.</summary>
    public long PacketsExpected => _started ? ExtendedHighestSequenceNumber - _baseSequence + 1 : 0;

    /// <summary>Expected minus received since the first packet.</summary>
    public long CumulativeLost => PacketsExpected - _received;

    /// <summary>Interarrival jitter in timestamp units.</summary>
    public uint Jitter => (uint)Math.Min(uint.MaxValue, _jitterQ4 >> 4);

    /// <summary>Records a received packet (before the jitter buffer, every arrival).</summary>
    /// <param name="sequenceNumber">Its sequence number.</param>
    /// <param name="rtpTimestamp">Its RTP timestamp.</param>
    /// <param name="arrival">Its arrival time on a monotonic clock.</param>
    /// <returns><see langword="false"/> when A.1 treats the packet as a jump to be confirmed by the next one.</returns>
    public bool OnPacket(ushort sequenceNumber, uint rtpTimestamp, TimeSpan arrival)
    {
        if (!_started)
        {
            _started = true;
            InitSequence(sequenceNumber);
            _received = 1;
            UpdateJitter(rtpTimestamp, arrival);
            return true;
        }

        var delta = (ushort)(sequenceNumber - _maxSequence);
        var advanced = false;
        if (delta < MaxDropout)
        {
            if (delta != 0)
            {
                if (sequenceNumber < _maxSequence)
                {
                    _cycles += SequenceModulo;
                }

                _maxSequence = sequenceNumber;
                advanced = true;
            }
        }
        else if (delta <= SequenceModulo - MaxMisorder)
        {
            // A very large jump: accept it only if the next packet confirms it (the sender restarted).
            if (sequenceNumber != _badSequence)
            {
                _badSequence = (sequenceNumber + 1) & (SequenceModulo - 1);
                return false;
            }

            InitSequence(sequenceNumber);
            _received = 0;
            _expectedPrior = 0;
            _receivedPrior = 0;
            _hasTransit = false;
            advanced = true;
        }

        _received++;
        if (advanced)
        {
            UpdateJitter(rtpTimestamp, arrival);
        }

        return true;
    }

    /// <summary>Records a sender report from this source, for LSR and DLSR.</summary>
    /// <param name="ntpTimestamp">The SR's 64-bit NTP timestamp.</param>
    /// <param name="arrival">When the SR arrived, on the same clock as <see cref="CreateReportBlock"/>.</param>
    public void OnSenderReport(ulong ntpTimestamp, TimeSpan arrival)
    {
        _lastSenderReport = (uint)(ntpTimestamp >> 16);
        _lastSenderReportArrival = arrival;
        _hasSenderReport = true;
    }

    /// <summary>Builds the report block for an RR and starts a new interval for the fraction lost.</summary>
    /// <param name="now">The current time, on the same clock as the arrivals.</param>
    /// <returns>The report block.</returns>
    public ReportBlock CreateReportBlock(TimeSpan now)
    {
        var expected = PacketsExpected;
        var expectedInterval = expected - _expectedPrior;
        var receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        var lostInterval = expectedInterval - receivedInterval;
        var fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int)Math.Min(255, (lostInterval << 8) / expectedInterval);
        var cumulative = (int)Math.Clamp(expected - _received, -0x800000, 0x7FFFFF);
        uint dlsr = 0;
        if (_hasSenderReport && now > _lastSenderReportArrival)
        {
            dlsr = (uint)Math.Min(uint.MaxValue, (now - _lastSenderReportArrival).Ticks * 65536 / TimeSpan.TicksPerSecond);
        }

        return new ReportBlock(
            Ssrc,
            (byte)fraction,
            cumulative,
            ExtendedHighestSequenceNumber,
            Jitter,
            _hasSenderReport ? _lastSenderReport : 0,
            dlsr);
    }

    private void InitSequence(ushort sequenceNumber)
    {
        _baseSequence = sequenceNumber;
        _maxSequence = sequenceNumber;
        _badSequence = SequenceModulo + 1;
        _cycles = 0;
    }

    private void UpdateJitter(uint rtpTimestamp, TimeSpan arrival)
    {
        // A.8: transit = arrival (in timestamp units) - timestamp; J += (|D| - J) / 16, kept scaled by 16.
        var arrivalUnits = (long)((Int128)arrival.Ticks * ClockRate / TimeSpan.TicksPerSecond);
        var transit = (long)(uint)((uint)arrivalUnits - rtpTimestamp);
        if (_hasTransit)
        {
            var d = Math.Abs((long)(int)(uint)(transit - _lastTransit));
            _jitterQ4 += d - ((_jitterQ4 + 8) >> 4);
        }

        _lastTransit = transit;
        _hasTransit = true;
    }
}
