namespace LiveServer.Media.Compositing;

/// <summary>
/// Reactions counted since the compositor last took them, by the index of their type in
/// <see cref="OverlayState.ReactionTypes"/>. Immutable: a new push makes a new burst with the sums.
/// </summary>
internal sealed class ReactionBurst(long[] counts)
{
    /// <summary>Count per type index.</summary>
    public ReadOnlySpan<long> Counts => counts;

    /// <summary>This burst with <paramref name="more"/> added (same type indexes).</summary>
    public ReactionBurst Plus(long[] more)
    {
        var sum = new long[counts.Length];
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] = counts[i] + more[i];
        }

        return new ReactionBurst(sum);
    }
}
