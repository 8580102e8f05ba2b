// RFC 7741 sections 4.2 (payload descriptor), 4.3 (VP8 payload header: the P bit of the first
// byte of partition 0 is 0 for a key frame), 4.5 (frame reassembly: a frame starts at S=1 with
// PID 0 and ends at the packet with the marker bit; all its packets share one timestamp). Key
// frames are also checked for the VP8 start code (RFC 6386 section 9.1) before they are emitted.
// Not covered: decoding partitions independently after partial loss (a frame with any loss is
// dropped whole) and the N bit's exemption of non-reference frames from keyframe recovery.
using LiveServer.WebRtc.Rtp;

namespace LiveServer.WebRtc.Depacketizers;

/// <summary>Depacketizer for VP8 (RFC 7741).</summary>
public sealed class Vp8Depacketizer : IDepacketizer
{
    private readonly FrameBuffer _buffer;
    private State _state;
    private bool _keyframe;
    private uint _timestamp;
    private SequenceTracker _sequence;

    /// <summary>Creates a VP8 depacketizer.</summary>
    /// <param name="maxFrameSize">Largest frame accepted; larger frames are dropped.</param>
    public Vp8Depacketizer(int maxFrameSize = Depacketizer.DefaultMaxFrameSize)
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
    public MediaCodec Codec => MediaCodec.Vp8;

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
                // A duplicate or an old packet: the jitter buffer should not let one through.
                PacketsRefused++;
                return false;
            case SequenceStep.AfterGap:
                OnLoss();
                break;
        }

        if (packet.Payload.IsEmpty)
        {
            // Padding only (RFC 3550 5.1, sent by browsers as bandwidth probes): it keeps the sequence
            // continuous and carries no media, so it must not read as loss.
            return false;
        }

        var payload = packet.Payload;
        if (!Vp8PayloadDescriptor.TryParse(payload, out var descriptor) || descriptor.Length >= payload.Length)
        {
            PacketsRefused++;
            OnLoss();
            return false;
        }

        var data = payload[descriptor.Length..];
        if (descriptor.StartsFrame)
        {
            if (_state == State.Assembling)
            {
                // A new frame began before the previous one saw its marker: the previous is incomplete.
                Discard();
            }

            _timestamp = packet.Timestamp;
            _keyframe = (data[0] & 0x01) == 0;
            _buffer.Clear();
            if (NeedsKeyframe && !_keyframe)
            {
                FramesDiscarded++;
                _state = State.Skipping;
            }
            else
            {
                _state = State.Assembling;
            }
        }
        else if (_state == State.Assembling && packet.Timestamp != _timestamp)
        {
            Discard();
        }

        if (_state == State.Skipping)
        {
            if (packet.Marker)
            {
                _state = State.Idle;
            }

            return false;
        }

        if (_state != State.Assembling)
        {
            // A continuation of a frame that was already dropped.
            return false;
        }

        if (!_buffer.TryAppend(data))
        {
            Discard();
            return false;
        }

        if (!packet.Marker)
        {
            return false;
        }

        _state = State.Idle;
        if (_keyframe && !HasKeyframeStartCode(_buffer.Written))
        {
            PacketsRefused++;
            Discard();
            _state = State.Idle;
            return false;
        }

        if (_keyframe)
        {
            NeedsKeyframe = false;
        }

        FramesEmitted++;
        frame = new DepacketizedFrame(MediaCodec.Vp8, _buffer.Memory, _keyframe, _timestamp);
        return true;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        _buffer.Clear();
        _state = State.Idle;
        _sequence.Reset();
        NeedsKeyframe = true;
    }

    private static bool HasKeyframeStartCode(ReadOnlySpan<byte> frame) =>
        frame.Length >= 10 && frame[3] == 0x9D && frame[4] == 0x01 && frame[5] == 0x2A;

    private void OnLoss()
    {
        if (_state == State.Assembling)
        {
            FramesDiscarded++;
        }

        _state = State.Idle;
        _buffer.Clear();
        NeedsKeyframe = true;
    }

    private void Discard()
    {
        FramesDiscarded++;
        _state = State.Skipping;
        _buffer.Clear();
        NeedsKeyframe = true;
    }
}
