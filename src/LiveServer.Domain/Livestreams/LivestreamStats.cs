namespace LiveServer.Domain.Livestreams;

/// <summary>Counters of a livestream's pipeline, as the API shows them.</summary>
/// <param name="Ticks">Compositor clock ticks done (frames, or 20 ms audio chunks in audio mode).</param>
/// <param name="LateTicks">Ticks produced more than 100 ms late (the machine or the encoder was behind).</param>
/// <param name="Segments">Segments listed in the playlists.</param>
/// <param name="EncoderRestarts">Times the encoder FFmpeg was restarted after it died.</param>
public sealed record LivestreamStats(long Ticks, long LateTicks, int Segments, int EncoderRestarts)
{
    /// <summary>Times the template's Chromium was restarted after it crashed.</summary>
    public int TemplateRestarts { get; init; }

    /// <summary>Why the livestream left its template for the built-in layout, when it did (<c>templateFailed</c>).</summary>
    public string? TemplateFailure { get; init; }

    /// <summary>Nothing counted yet.</summary>
    public static LivestreamStats None { get; } = new(0, 0, 0, 0);
}
