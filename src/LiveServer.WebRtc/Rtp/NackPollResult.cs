namespace LiveServer.WebRtc.Rtp;

/// <summary>The outcome of one <see cref="NackGenerator.Poll"/>.</summary>
/// <param name="NackCount">Sequence numbers written to the destination: send them in a generic NACK now.</param>
/// <param name="GivenUp">Packets given up since the previous poll: the loss was not repaired, so ask for a keyframe (PLI).</param>
public readonly record struct NackPollResult(int NackCount, int GivenUp)
{
    /// <summary>True when a loss was not repaired and a keyframe request is due.</summary>
    public bool LossNotRepaired => GivenUp > 0;
}
