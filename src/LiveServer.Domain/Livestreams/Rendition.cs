namespace LiveServer.Domain.Livestreams;

/// <summary>One rung of a livestream's adaptive ladder: an encoding of the composited picture.</summary>
/// <param name="Name">The name in file names and logs: <c>1080p</c>, <c>720p</c>, <c>360p</c>, <c>audio</c>.</param>
/// <param name="Format">Size, frame rate and bitrates (the video fields are unused when <paramref name="AudioOnly"/>).</param>
/// <param name="AudioOnly">True for the one AAC rendition of an audio-only livestream.</param>
public sealed record Rendition(string Name, OutputFormat Format, bool AudioOnly = false)
{
    /// <summary>
    /// The ladder for a config: the config's quality is the top rung and every lower rung of
    /// 1080p (4.5 Mbit/s), 720p (2.5 Mbit/s) and 360p (0.8 Mbit/s) follows it; portrait swaps the
    /// sides; audio mode is one AAC rendition. The top rung is the compositor's canvas.
    /// </summary>
    public static IReadOnlyList<Rendition> LadderFor(LivestreamConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var top = config.ToOutputFormat();
        if (config.Mode == StreamMode.Audio)
        {
            return [new Rendition("audio", top, AudioOnly: true)];
        }

        Quality[] rungs = config.Quality switch
        {
            Quality.High => [Quality.High, Quality.Med, Quality.Low],
            Quality.Med => [Quality.Med, Quality.Low],
            _ => [Quality.Low],
        };
        return [.. rungs.Select(q =>
        {
            var format = (config with { Quality = q }).ToOutputFormat();
            return new Rendition($"{Math.Min(format.Width, format.Height)}p", format);
        })];
    }
}
