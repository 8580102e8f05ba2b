using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Rooms;
using LiveServer.Media.Encoding;
using LiveServer.Media.Livestreams;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveServer.Media.Tests.TestKit;

/// <summary>Runs a real livestream pipeline (compositor and encoder FFmpeg) for an empty room and reads its fragments.</summary>
internal static class PipelineRuns
{
    /// <summary>Segments of 1 s, parts of 200 ms, the fastest x264 preset, one encoder restart allowed.</summary>
    public static PipelineSettings Settings { get; } =
        new("ffmpeg", "ultrafast", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5)) { EncoderRestartLimit = 1 };

    /// <summary>Starts a pipeline of the default config at <paramref name="quality"/>.</summary>
    public static LivestreamPipeline Start(Quality quality) => LivestreamPipeline.Start(
        new Room("r", DateTimeOffset.UtcNow), LivestreamConfig.Default with { Quality = quality }, Settings, TimeProvider.System, NullLogger.Instance);

    /// <summary>Reads fragments until <paramref name="done"/> holds for what was read.</summary>
    public static async Task<List<RenditionFragment>> ReadUntilAsync(
        LivestreamPipeline pipeline, Func<List<RenditionFragment>, bool> done, CancellationToken cancellationToken)
    {
        var seen = new List<RenditionFragment>();
        while (!done(seen))
        {
            seen.Add(await pipeline.Fragments.ReadAsync(cancellationToken));
        }

        return seen;
    }
}
