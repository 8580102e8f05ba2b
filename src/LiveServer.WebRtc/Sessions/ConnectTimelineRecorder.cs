namespace LiveServer.WebRtc.Sessions;

/// <summary>
/// Records the first time each step of connecting happened (<see cref="ConnectTimeline"/>), relative
/// to the answer. Safe from any thread; after a step is recorded, asking again costs a read and no
/// allocation (the receive path calls it per packet).
/// </summary>
/// <param name="answeredAt">The session clock when the answer was made.</param>
internal sealed class ConnectTimelineRecorder(TimeSpan answeredAt)
{
    private ConnectTimeline _timeline = new();

    /// <summary>The steps so far.</summary>
    public ConnectTimeline Snapshot => Volatile.Read(ref _timeline);

    /// <summary>An authenticated check arrived (with USE-CANDIDATE when <paramref name="nominates"/>).</summary>
    public void OnCheck(TimeSpan now, bool nominates)
    {
        if (_timeline.FirstCheck is null)
        {
            Mark(static (t, at) => t with { FirstCheck = t.FirstCheck ?? at }, now);
        }

        if (nominates && _timeline.Nominated is null)
        {
            Mark(static (t, at) => t with { Nominated = t.Nominated ?? at }, now);
        }
    }

    /// <summary>DTLS finished and the SRTP keys are in.</summary>
    public void OnDtlsConnected(TimeSpan now) => Mark(static (t, at) => t with { DtlsConnected = t.DtlsConnected ?? at }, now);

    /// <summary>A video RTP packet was routed.</summary>
    public void OnVideoPacket(TimeSpan now)
    {
        if (_timeline.FirstVideoPacket is null)
        {
            Mark(static (t, at) => t with { FirstVideoPacket = t.FirstVideoPacket ?? at }, now);
        }
    }

    /// <summary>A PLI was sent.</summary>
    public void OnPli(TimeSpan now)
    {
        if (_timeline.FirstPli is null)
        {
            Mark(static (t, at) => t with { FirstPli = t.FirstPli ?? at }, now);
        }
    }

    /// <summary>A whole frame was emitted.</summary>
    public void OnFrame(TimeSpan now, bool videoKeyframe)
    {
        if (_timeline.FirstFrame is null)
        {
            Mark(static (t, at) => t with { FirstFrame = t.FirstFrame ?? at }, now);
        }

        if (videoKeyframe && _timeline.FirstKeyframe is null)
        {
            Mark(static (t, at) => t with { FirstKeyframe = t.FirstKeyframe ?? at }, now);
        }
    }

    private void Mark(Func<ConnectTimeline, TimeSpan, ConnectTimeline> change, TimeSpan now)
    {
        TimeSpan at = now - answeredAt;
        ConnectTimeline current;
        do
        {
            current = Volatile.Read(ref _timeline);
        }
        while (Interlocked.CompareExchange(ref _timeline, change(current, at), current) != current);
    }
}
