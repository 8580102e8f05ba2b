// RFC 6184 sections 5.6 (single NAL unit packets, types 1..23), 5.7.1 (STAP-A, type 24) and
// 5.8 (FU-A, type 28), i.e. packetization-mode 0 and 1 (non-interleaved). Output is one access
// unit per RTP timestamp in Annex B byte-stream form (ITU-T H.264 annex B) with 4-byte start codes,
// completed by the marker bit (RFC 6184 5.1). The last SPS (7) and PPS (8) seen are remembered
// and put in front of an IDR (5) access unit that lacks them, so a decoder can start there.
// Not covered: interleaved mode (STAP-B, MTAP16/24, FU-B: refused), several SPS/PPS ids at once
// (only the latest of each is remembered), and emulation-prevention checks inside NAL units.
using LiveServer.WebRtc.Rtp;

namespace LiveServer.WebRtc.Depacketizers;

/// <summary>Depacketizer for H.264 (RFC 6184, packetization-mode 1) producing Annex B access units.</summary>
public sealed class H264Depacketizer : IDepacketizer
{
    private const int NalIdr = 5;
    private const int NalSps = 7;
    private const int NalPps = 8;
    private const int NalStapA = 24;
    private const int NalFuA = 28;
    private const int MaxParameterSetSize = 1024;

    private static ReadOnlySpan<byte> StartCode => [0, 0, 0, 1];

    private readonly FrameBuffer _buffer;
    private readonly byte[] _sps = new byte[MaxParameterSetSize];
    private readonly byte[] _pps = new byte[MaxParameterSetSize];
    private int _spsLength;
    private int _ppsLength;
    private State _state;
    private uint _timestamp;
    private bool _hasIdr;
    private bool _hasSps;
    private bool _hasPps;
    private bool _fragmentOpen;
    private int _fragmentStart;
    private int _fragmentType;
    private SequenceTracker _sequence;

    /// <summary>Creates an H.264 depacketizer.</summary>
    /// <param name="maxFrameSize">Largest access unit accepted; larger ones are dropped.</param>
    public H264Depacketizer(int maxFrameSize = Depacketizer.DefaultMaxFrameSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrameSize);
        _buffer = new FrameBuffer(maxFrameSize);
    }

    private enum State
    {
        Idle,
        Assembling,
        Skipping,
    }

    /// <inheritdoc/>
    public MediaCodec Codec => MediaCodec.H264;

    /// <inheritdoc/>
    public bool NeedsKeyframe { get; private set; } = true;

    /// <inheritdoc/>
    public long FramesEmitted { get; private set; }

    /// <inheritdoc/>
    public long FramesDiscarded { get; private set; }

    /// <inheritdoc/>
    public long PacketsRefused { get; private set; }

    /// <inheritdoc/>
    public bool TryPush(in RtpPacket packet, out DepacketizedFrame frame)
    {
        frame = default;
        switch (_sequence.Advance(packet.SequenceNumber))
        {
            case SequenceStep.Old:
                PacketsRefused++;
                return false;
            case SequenceStep.AfterGap:
                Discard(State.Skipping);
                break;
        }

        if (packet.Payload.IsEmpty)
        {
            // Padding only (RFC 3550 5.1, sent by browsers as bandwidth probes): it keeps the sequence
            // continuous and carries no media, so it must not read as loss.
            return false;
        }

        if (_state != State.Idle && packet.Timestamp != _timestamp)
        {
            // A new access unit began without the previous one's marker: that one is incomplete.
            if (_state == State.Assembling)
            {
                Discard(State.Skipping);
            }

            _state = State.Idle;
        }

        if (_state == State.Idle)
        {
            BeginAccessUnit(packet.Timestamp);
        }

        if (_state == State.Assembling && !TryAppendPayload(packet.Payload))
        {
            Discard(State.Skipping);
        }

        if (!packet.Marker)
        {
            return false;
        }

        var assembling = _state == State.Assembling;
        _state = State.Idle;
        return assembling && TryComplete(out frame);
    }

    /// <inheritdoc/>
    public void Reset()
    {
        _buffer.Clear();
        _state = State.Idle;
        _fragmentOpen = false;
        _sequence.Reset();
        NeedsKeyframe = true;
    }

    private void BeginAccessUnit(uint timestamp)
    {
        _buffer.Clear();
        _timestamp = timestamp;
        _hasIdr = _hasSps = _hasPps = false;
        _fragmentOpen = false;
        _state = State.Assembling;
    }

    private bool TryAppendPayload(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty || (payload[0] & 0x80) != 0)
        {
            // Empty, or the forbidden_zero_bit is set (RFC 6184 5.3: a syntax violation).
            PacketsRefused++;
            return false;
        }

        var type = payload[0] & 0x1F;
        switch (type)
        {
            case >= 1 and <= 23:
                return !_fragmentOpen && TryAppendNal(payload);

            case NalStapA:
                return !_fragmentOpen && TryAppendStapA(payload[1..]);

            case NalFuA:
                return TryAppendFuA(payload);

            default:
                // 0 and 30/31 are undefined; STAP-B, MTAP and FU-B belong to interleaved mode.
                PacketsRefused++;
                return false;
        }
    }

    private bool TryAppendStapA(ReadOnlySpan<byte> units)
    {
        // Validate the whole aggregate before writing anything.
        var offset = 0;
        var count = 0;
        while (offset < units.Length)
        {
            if (offset + 2 > units.Length)
            {
                PacketsRefused++;
                return false;
            }

            var size = (units[offset] << 8) | units[offset + 1];
            if (size == 0 || offset + 2 + size > units.Length || (units[offset + 2] & 0x80) != 0)
            {
                PacketsRefused++;
                return false;
            }

            var nalType = units[offset + 2] & 0x1F;
            if (nalType is 0 or >= NalStapA)
            {
                PacketsRefused++;
                return false;
            }

            offset += 2 + size;
            count++;
        }

        if (count == 0)
        {
            PacketsRefused++;
            return false;
        }

        offset = 0;
        while (offset < units.Length)
        {
            var size = (units[offset] << 8) | units[offset + 1];
            if (!TryAppendNal(units.Slice(offset + 2, size)))
            {
                return false;
            }

            offset += 2 + size;
        }

        return true;
    }

    private bool TryAppendFuA(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 3)
        {
            PacketsRefused++;
            return false;
        }

        var header = payload[1];
        var start = (header & 0x80) != 0;
        var end = (header & 0x40) != 0;
        var type = header & 0x1F;
        if ((start && end) || type is 0 or >= NalStapA)
        {
            PacketsRefused++;
            return false;
        }

        var data = payload[2..];
        if (start)
        {
            if (_fragmentOpen)
            {
                return false;
            }

            _fragmentStart = _buffer.Length;
            _fragmentType = type;
            if (!_buffer.TryAppend(StartCode) || !_buffer.TryAppend((byte)((payload[0] & 0xE0) | type)))
            {
                return false;
            }

            _fragmentOpen = true;
        }
        else if (!_fragmentOpen || type != _fragmentType)
        {
            // A middle or end fragment without its start: the start was lost or belongs elsewhere.
            return false;
        }

        if (!_buffer.TryAppend(data))
        {
            return false;
        }

        if (end)
        {
            _fragmentOpen = false;
            NoteNal(_buffer.Written[(_fragmentStart + StartCode.Length)..]);
        }

        return true;
    }

    private bool TryAppendNal(ReadOnlySpan<byte> nal)
    {
        if (!_buffer.TryAppend(StartCode) || !_buffer.TryAppend(nal))
        {
            return false;
        }

        NoteNal(nal);
        return true;
    }

    private void NoteNal(ReadOnlySpan<byte> nal)
    {
        switch (nal[0] & 0x1F)
        {
            case NalIdr:
                _hasIdr = true;
                break;
            case NalSps when nal.Length <= MaxParameterSetSize:
                nal.CopyTo(_sps);
                _spsLength = nal.Length;
                _hasSps = true;
                break;
            case NalPps when nal.Length <= MaxParameterSetSize:
                nal.CopyTo(_pps);
                _ppsLength = nal.Length;
                _hasPps = true;
                break;
        }
    }

    private bool TryComplete(out DepacketizedFrame frame)
    {
        frame = default;
        if (_fragmentOpen || _buffer.Length == 0)
        {
            // The marker came while a fragmented NAL unit was still open: its end is missing.
            Discard(State.Idle);
            return false;
        }

        if (_hasIdr && !(_hasSps && _hasPps) && !TryPrependParameterSets())
        {
            Discard(State.Idle);
            return false;
        }

        if (NeedsKeyframe && !_hasIdr)
        {
            FramesDiscarded++;
            _buffer.Clear();
            return false;
        }

        if (_hasIdr)
        {
            NeedsKeyframe = false;
        }

        FramesEmitted++;
        frame = new DepacketizedFrame(MediaCodec.H264, _buffer.Memory, _hasIdr, _timestamp);
        return true;
    }

    private bool TryPrependParameterSets()
    {
        var needSps = !_hasSps;
        var needPps = !_hasPps;
        if ((needSps && _spsLength == 0) || (needPps && _ppsLength == 0))
        {
            // An IDR without parameter sets, and none remembered: a decoder cannot start here.
            return false;
        }

        var size = (needSps ? StartCode.Length + _spsLength : 0) + (needPps ? StartCode.Length + _ppsLength : 0);
        if (!_buffer.TryInsertAtStart(size, out var destination))
        {
            return false;
        }

        if (needSps)
        {
            StartCode.CopyTo(destination);
            _sps.AsSpan(0, _spsLength).CopyTo(destination[StartCode.Length..]);
            destination = destination[(StartCode.Length + _spsLength)..];
        }

        if (needPps)
        {
            StartCode.CopyTo(destination);
            _pps.AsSpan(0, _ppsLength).CopyTo(destination[StartCode.Length..]);
        }

        return true;
    }

    private void Discard(State next)
    {
        if (_state == State.Assembling || next == State.Idle)
        {
            FramesDiscarded++;
        }

        _state = next;
        _fragmentOpen = false;
        _buffer.Clear();
        NeedsKeyframe = true;
    }
}
