// Reorder buffer for one SSRC: RTP packets (RFC 3550 5.1) go in in arrival order and come out in
// sequence-number order, using extended sequence numbers across the 16-bit wrap. A gap holds later
// packets back until it is filled (by reordering or an RFC 4588 retransmission requested through
// the NackGenerator) or until it is older than MaxWait, when it is given up and the packets behind
// it are released. A jump of a whole buffer or more either way is taken as a sender restart (or a
// loss burst longer than the buffer) only when the next packet confirms it, as RFC 3550 A.1 does for
// large jumps; a lone stray number is dropped instead of flushing the stream. Not covered: playout
// timing by RTP timestamp (the consumer is a decoder fed as fast as frames complete) and RTX
// unwrapping (RFC 4588 section 4: done before Insert).
using System.Buffers;

namespace LiveServer.WebRtc.Rtp;

/// <summary>
/// Reorders the RTP packets of one SSRC. Each inserted packet is copied once into a pooled buffer.
/// Single owner; not thread-safe. Time is passed in so that the owner's clock (a
/// <see cref="TimeProvider"/>) drives it and tests stay deterministic.
/// </summary>
public sealed class JitterBuffer : IDisposable
{
    private readonly JitterBufferOptions _options;
    private readonly NackGenerator? _nack;
    private readonly Slot[] _slots;
    private readonly int _mask;
    private SequenceNumberUnwrapper _unwrapper;
    private bool _started;
    private long _next;
    private int _count;
    private byte[]? _released;
    private int _jumpCandidate = -1;

    /// <summary>Creates a buffer.</summary>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="nackGenerator">Told of every arriving packet and of every gap given up; optional.</param>
    public JitterBuffer(JitterBufferOptions? options = null, NackGenerator? nackGenerator = null)
    {
        _options = options ?? new JitterBufferOptions();
        if (_options.Capacity < 2 || !int.IsPow2(_options.Capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.Capacity, "Capacity must be a power of two of at least 2.");
        }

        _nack = nackGenerator;
        _slots = new Slot[_options.Capacity];
        _mask = _options.Capacity - 1;
    }

    /// <summary>Packets currently held.</summary>
    public int Count => _count;

    /// <summary>Packets accepted by <see cref="Insert"/>.</summary>
    public long PacketsAccepted { get; private set; }

    /// <summary>Duplicates dropped.</summary>
    public long DuplicatesDropped { get; private set; }

    /// <summary>Packets dropped because their place was already released or given up.</summary>
    public long LateDropped { get; private set; }

    /// <summary>Held packets dropped when a confirmed jump restarted the buffer.</summary>
    public long OverflowDropped { get; private set; }

    /// <summary>Packets refused for exceeding <see cref="JitterBufferOptions.MaxPacketSize"/>.</summary>
    public long OversizeDropped { get; private set; }

    /// <summary>Packets dropped as an unconfirmed jump of a whole buffer length or more.</summary>
    public long DiscontinuityDropped { get; private set; }

    /// <summary>Times the buffer started over after a confirmed jump (sender restart).</summary>
    public long Resynchronizations { get; private set; }

    /// <summary>Sequence numbers skipped as lost when a gap timed out or was evicted.</summary>
    public long PacketsLost { get; private set; }

    /// <summary>The extended sequence number expected next.</summary>
    public long NextSequenceNumber => _next;

    /// <summary>
    /// When <see cref="TryDequeue"/> will next release a packet without new arrivals: now if the
    /// next packet is present, the gap deadline if one is waiting, <see langword="null"/> when empty.
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <returns>The time to call <see cref="TryDequeue"/> again.</returns>
    public TimeSpan? GetNextReleaseTime(TimeSpan now)
    {
        if (_count == 0)
        {
            return null;
        }

        ref var slot = ref _slots[_next & _mask];
        if (slot.Buffer is not null && slot.Sequence == _next)
        {
            return now;
        }

        var first = FindFirstHeld();
        return _slots[first & _mask].Arrival + _options.MaxWait;
    }

    /// <summary>Copies a packet into the buffer.</summary>
    /// <param name="packet">A parsed packet of this buffer's SSRC.</param>
    /// <param name="now">The arrival time.</param>
    /// <returns>What happened to the packet.</returns>
    public JitterBufferInsertResult Insert(in RtpPacket packet, TimeSpan now)
    {
        var bytes = packet.Bytes;
        if (bytes.Length > _options.MaxPacketSize)
        {
            OversizeDropped++;
            return JitterBufferInsertResult.TooLarge;
        }

        var sequence = packet.SequenceNumber;
        var extended = _unwrapper.Peek(sequence);
        if (_started && (extended - _next >= _slots.Length || _next - extended > _slots.Length))
        {
            if (_jumpCandidate != (ushort)(sequence - 1))
            {
                _jumpCandidate = sequence;
                DiscontinuityDropped++;
                return JitterBufferInsertResult.Discontinuity;
            }

            Resynchronize();
        }

        _jumpCandidate = -1;
        extended = _unwrapper.Unwrap(sequence);
        if (!_started)
        {
            _started = true;
            _next = extended;
        }

        if (extended < _next)
        {
            LateDropped++;
            return JitterBufferInsertResult.TooLate;
        }

        ref var slot = ref _slots[extended & _mask];
        if (slot.Buffer is not null)
        {
            DuplicatesDropped++;
            return JitterBufferInsertResult.Duplicate;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(buffer);
        slot = new Slot(buffer, bytes.Length, extended, now);
        _count++;
        PacketsAccepted++;
        _nack?.OnPacket(extended, now);
        return JitterBufferInsertResult.Accepted;
    }

    /// <summary>
    /// Releases the next packet in sequence order if it is present, or the first one behind a gap
    /// that has waited at least <see cref="JitterBufferOptions.MaxWait"/>. The previously released
    /// packet's bytes go back to the pool.
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="released">The released packet; valid until the next call.</param>
    /// <returns><see langword="true"/> when a packet was released.</returns>
    public bool TryDequeue(TimeSpan now, out JitterBufferPacket released)
    {
        ReturnReleased();
        released = default;
        while (_count > 0)
        {
            var lost = 0;
            ref var slot = ref _slots[_next & _mask];
            if (slot.Buffer is null || slot.Sequence != _next)
            {
                var first = FindFirstHeld();
                if (now - _slots[first & _mask].Arrival < _options.MaxWait)
                {
                    return false;
                }

                lost = (int)(first - _next);
                PacketsLost += lost;
                _next = first;
                _nack?.DiscardBelow(first);
                slot = ref _slots[_next & _mask];
            }

            var taken = slot;
            slot = default;
            _count--;
            _next++;
            _released = taken.Buffer;
            if (!RtpPacket.TryParse(taken.Buffer.AsSpan(0, taken.Length), out var packet))
            {
                // Cannot happen for bytes that parsed on insert; skip rather than hand out garbage.
                ReturnReleased();
                continue;
            }

            released = new JitterBufferPacket(packet, taken.Sequence, taken.Arrival, lost);
            return true;
        }

        return false;
    }

    /// <summary>Drops every held packet and forgets the sequence state (for example after an SSRC change).</summary>
    public void Reset()
    {
        ReturnReleased();
        ClearHeld();
    }

    /// <summary>Returns every pooled buffer.</summary>
    public void Dispose() => Reset();

    private void Resynchronize()
    {
        // The packet released last may still be in use by the caller: only held ones go back.
        OverflowDropped += _count;
        Resynchronizations++;
        ClearHeld();
    }

    private void ClearHeld()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].Buffer is { } buffer)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            _slots[i] = default;
        }

        _count = 0;
        _started = false;
        _next = 0;
        _jumpCandidate = -1;
        _unwrapper.Reset();
        _nack?.Reset();
    }

    private long FindFirstHeld()
    {
        // Only called with _count > 0, so a held packet exists within one buffer length.
        for (var seq = _next; seq < _next + _slots.Length; seq++)
        {
            ref var slot = ref _slots[seq & _mask];
            if (slot.Buffer is not null && slot.Sequence == seq)
            {
                return seq;
            }
        }

        return _next;
    }

    private void ReturnReleased()
    {
        if (_released is not null)
        {
            ArrayPool<byte>.Shared.Return(_released);
            _released = null;
        }
    }

    private struct Slot(byte[] buffer, int length, long sequence, TimeSpan arrival)
    {
        public byte[]? Buffer = buffer;
        public int Length = length;
        public long Sequence = sequence;
        public TimeSpan Arrival = arrival;
    }
}
