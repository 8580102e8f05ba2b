namespace LiveServer.Api.Tests;

/// <summary>Tests that run FFmpeg encoders share the two cores, one class at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FfmpegCollection
{
    public const string Name = "ffmpeg";
}
