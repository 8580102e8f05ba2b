using LiveServer.WebRtc.Sessions;

namespace LiveServer.WebRtc.Tests.Sessions;

/// <summary>Copies every frame a session raises, and checks the session never raises two at once.</summary>
internal sealed class FrameRecorder
{
    private readonly Lock _gate = new();
    private readonly List<Recorded> _frames = [];
    private readonly List<string> _closedReasons = [];
    private int _inside;

    /// <summary>While false, frames are not copied (for allocation measurements).</summary>
    public bool Enabled { get; set; } = true;

    public FrameRecorder(PeerSession session)
    {
        session.FrameReceived += OnFrame;
        session.Closed += (_, reason) =>
        {
            lock (_gate)
            {
                _closedReasons.Add(reason);
            }
        };
    }

    public int ConcurrentCalls { get; private set; }

    /// <summary>
    /// The reasons of every Closed event so far. A session reads Closed before its event handlers have
    /// run, so wait on this, not on the state, to see the reason.
    /// </summary>
    public IReadOnlyList<string> ClosedReasons
    {
        get
        {
            lock (_gate)
            {
                return [.. _closedReasons];
            }
        }
    }

    public IReadOnlyList<Recorded> Video => Snapshot(MediaKind.Video);

    public IReadOnlyList<Recorded> Audio => Snapshot(MediaKind.Audio);

    public IReadOnlyList<Recorded> Snapshot(MediaKind kind)
    {
        lock (_gate)
        {
            return [.. _frames.Where(f => f.Frame.Kind == kind)];
        }
    }

    private void OnFrame(PeerSession session, ReceivedFrame frame)
    {
        if (!Enabled)
        {
            return;
        }

        if (Interlocked.Increment(ref _inside) > 1)
        {
            ConcurrentCalls++;
        }

        lock (_gate)
        {
            _frames.Add(new Recorded(frame with { Payload = default }, frame.Payload.ToArray()));
        }

        Interlocked.Decrement(ref _inside);
    }

    internal sealed record Recorded(ReceivedFrame Frame, byte[] Payload);
}
