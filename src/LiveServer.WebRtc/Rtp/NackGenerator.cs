// RFC 4585 section 6.2.1 (generic NACK) and RFC 4588 (retransmission) from the receiver's side:
// which sequence numbers to request and when to stop. The policy (a short reordering delay, at most
// N requests spaced by the round-trip time, a deadline after which the loss is reported so the
// caller can send PLI, RFC 4585 6.3.1) follows common WebRTC practice. Not covered: building the
// NACK packet (see Rtcp.GenericNack) and estimating the round-trip time (the caller sets it).
namespace LiveServer.WebRtc.Rtp;

/// <summary>
/// Decides which missing RTP packets of one SSRC to request with NACK, and reports losses that
/// were not repaired in time. Single owner; not thread-safe. Allocates only in the constructor.
/// </summary>
public sealed class NackGenerator
{
    private readonly NackGeneratorOptions _options;
    private readonly Entry[] _pending;
    private int _count;
    private long _highest;
    private bool _started;
    private int _givenUpSincePoll;

    /// <summary>Creates a generator.</summary>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    public NackGenerator(NackGeneratorOptions? options = null)
    {
        _options = options ?? new NackGeneratorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxPending, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxRetries, 1, nameof(options));
        _pending = new Entry[_options.MaxPending];
        RoundTripTime = _options.InitialRoundTripTime;
    }

    /// <summary>The current round-trip estimate; spaces the retries.</summary>
    public TimeSpan RoundTripTime { get; set; }

    /// <summary>Missing packets currently tracked.</summary>
    public int PendingCount => _count;

    /// <summary>Sequence numbers written into NACKs so far (each retry counts).</summary>
    public long NacksRequested { get; private set; }

    /// <summary>Missing packets that arrived later (by retransmission or reordering).</summary>
    public long Recovered { get; private set; }

    /// <summary>Missing packets given up so far.</summary>
    public long GivenUp { get; private set; }

    /// <summary>Records the arrival of a packet; a jump past the highest number marks the numbers between as missing.</summary>
    /// <param name="extendedSequenceNumber">The packet's extended sequence number.</param>
    /// <param name="now">The arrival time.</param>
    public void OnPacket(long extendedSequenceNumber, TimeSpan now)
    {
        if (!_started)
        {
            _started = true;
            _highest = extendedSequenceNumber;
            return;
        }

        if (extendedSequenceNumber > _highest)
        {
            var firstMissing = _highest + 1;
            var missing = extendedSequenceNumber - firstMissing;
            if (missing > _pending.Length)
            {
                // More missing than we track: the oldest ones are beyond help anyway.
                GiveUp(missing - _pending.Length);
                firstMissing = extendedSequenceNumber - _pending.Length;
            }

            for (var seq = firstMissing; seq < extendedSequenceNumber; seq++)
            {
                if (_count == _pending.Length)
                {
                    RemoveAt(0);
                    GiveUp(1);
                }

                _pending[_count++] = new Entry(seq, now);
            }

            _highest = extendedSequenceNumber;
            return;
        }

        var index = IndexOf(extendedSequenceNumber);
        if (index >= 0)
        {
            RemoveAt(index);
            Recovered++;
        }
    }

    /// <summary>Gives up every missing packet below a sequence number (the jitter buffer moved past them).</summary>
    /// <param name="extendedSequenceNumber">The first sequence number still wanted.</param>
    public void DiscardBelow(long extendedSequenceNumber)
    {
        var n = 0;
        while (n < _count && _pending[n].Sequence < extendedSequenceNumber)
        {
            n++;
        }

        if (n == 0)
        {
            return;
        }

        Array.Copy(_pending, n, _pending, 0, _count - n);
        _count -= n;
        GiveUp(n);
    }

    /// <summary>
    /// Chooses the sequence numbers to request now and collects the losses given up since the last poll.
    /// Call it periodically (every 10..20 ms) and after each inserted packet.
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="destination">Receives the 16-bit sequence numbers to NACK, oldest first.</param>
    /// <returns>How many were written and how many were given up.</returns>
    public NackPollResult Poll(TimeSpan now, Span<ushort> destination)
    {
        var retryInterval = RoundTripTime > _options.MinRetryInterval ? RoundTripTime : _options.MinRetryInterval;
        var written = 0;
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            var entry = _pending[i];
            var age = now - entry.DetectedAt;
            var exhausted = entry.Retries >= _options.MaxRetries && now - entry.LastRequestedAt >= retryInterval;
            if (age >= _options.Deadline || exhausted)
            {
                GiveUp(1);
                continue;
            }

            var due = entry.Retries == 0
                ? age >= _options.ReorderDelay
                : entry.Retries < _options.MaxRetries && now - entry.LastRequestedAt >= retryInterval;
            if (due && written < destination.Length)
            {
                destination[written++] = (ushort)entry.Sequence;
                entry.Retries++;
                entry.LastRequestedAt = now;
                NacksRequested++;
            }

            _pending[kept++] = entry;
        }

        _count = kept;
        var givenUp = _givenUpSincePoll;
        _givenUpSincePoll = 0;
        return new NackPollResult(written, givenUp);
    }

    /// <summary>Forgets all state (for example after an SSRC change).</summary>
    public void Reset()
    {
        _count = 0;
        _started = false;
        _highest = 0;
        _givenUpSincePoll = 0;
    }

    private void GiveUp(long n)
    {
        GivenUp += n;
        _givenUpSincePoll = (int)Math.Min(int.MaxValue, _givenUpSincePoll + n);
    }

    private int IndexOf(long sequence)
    {
        int lo = 0, hi = _count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var value = _pending[mid].Sequence;
            if (value == sequence)
            {
                return mid;
            }

            if (value < sequence)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }

    private void RemoveAt(int index)
    {
        Array.Copy(_pending, index + 1, _pending, index, _count - index - 1);
        _count--;
    }

    private struct Entry(long sequence, TimeSpan detectedAt)
    {
        public readonly long Sequence = sequence;
        public readonly TimeSpan DetectedAt = detectedAt;
        public int Retries;
        public TimeSpan LastRequestedAt;
    }
}
