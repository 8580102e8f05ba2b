namespace LiveServer.WebRtc.Sessions;

/// <summary>What a <see cref="PeerSession"/> calls back on the endpoint that owns it.</summary>
internal interface IPeerSessionHost
{
    /// <summary>The endpoint's clock (time since it started), as the receive loops and the timer use it.</summary>
    TimeSpan Now { get; }

    /// <summary>Counts a bug caught at a session boundary (a handler that threw).</summary>
    void CountFault();

    /// <summary>Forgets a closing session: its ufrag, its id and its place in the timer's list.</summary>
    void Forget(PeerSession session);
}
