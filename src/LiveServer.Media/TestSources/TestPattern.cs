namespace LiveServer.Media.TestSources;

/// <summary>What a test participant's picture shows (its name is drawn over each of them).</summary>
public enum TestPattern
{
    /// <summary>FFmpeg's moving <c>testsrc2</c> pattern.</summary>
    Moving,

    /// <summary>A solid colour.</summary>
    Color,

    /// <summary>
    /// The frame's index in the clip as large white-on-black blocks, one bit per block, so a reader of
    /// the composited, re-encoded output can tell which source frame it shows (see <see cref="CounterBlocks"/>).
    /// </summary>
    Counter,
}
