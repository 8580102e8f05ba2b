using LiveServer.Domain.Livestreams;
using LiveServer.Media.Tests.TestKit;

namespace LiveServer.Media.Tests.Livestreams;

/// <summary>One encoder makes every rung of the ladder: fragments of each rendition, keyframes and stamps at the same instants.</summary>
public sealed class LivestreamPipelineLadderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task MedConfig_720pAnd360pFragmentsAlignedAcrossRenditions_StopEndsThem()
    {
        await using var pipeline = PipelineRuns.Start(Quality.Med);
        using var cancel = new CancellationTokenSource(Timeout);
        Assert.Equal(["720p", "360p"], pipeline.Ladder.Select(r => r.Name));

        // Past the second segment's keyframe (1 s segments, 0.2 s parts) in both renditions.
        var fragments = await PipelineRuns.ReadUntilAsync(pipeline, seen => seen.Count(f => f.Fragment.Independent) >= 4, cancel.Token);
        var stopping = pipeline.StopAsync(cancel.Token);
        await foreach (var fragment in pipeline.Fragments.ReadAllAsync(cancel.Token))
        {
            fragments.Add(fragment);
        }

        var exit = await stopping;
        Assert.True(exit.StoppedByUs);
        Assert.Equal(0, exit.ExitCode);
        Assert.Equal([0, 1], fragments.Select(f => f.Rendition).Distinct().Order());
        Assert.DoesNotContain(fragments, f => f.Discontinuity);
        var byRendition = fragments.GroupBy(f => f.Rendition).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (rendition, parts) in byRendition)
        {
            // x264 sets the level by the picture size: 3.1 for 1280x720 at 30 fps, 3.0 for 640x360.
            Assert.Matches($"^avc1\\.[0-9a-f]{{4}}{(rendition == 0 ? "1f" : "1e")},mp4a\\.40\\.2$", parts[0].Init.Codecs);
            Assert.Equal((0ul, true), (parts[0].Fragment.Start, parts[0].Fragment.Independent));
            Assert.All(parts.SkipLast(1), p => Assert.Equal(TimeSpan.FromSeconds(0.2), p.Fragment.DurationTime));
            Assert.Equal(
                parts.Select((p, i) => i % 5 == 0).ToList(),
                parts.Select(p => p.Fragment.Independent).ToList());
        }

        // The same instant is the same program date time and the same keyframe decision in every rendition.
        var common = Math.Min(byRendition[0].Count, byRendition[1].Count);
        for (var i = 0; i < common; i++)
        {
            var (top, low) = (byRendition[0][i], byRendition[1][i]);
            Assert.Equal(top.Fragment.StartTime, low.Fragment.StartTime);
            Assert.Equal(top.ProgramDateTime, low.ProgramDateTime);
        }
    }
}
