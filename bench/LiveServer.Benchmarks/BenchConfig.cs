using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace LiveServer.Benchmarks;

/// <summary>
/// One short, in-process job for every benchmark: the whole suite runs in a few minutes on two
/// cores, and no generated project has to build under the repository's warnings-as-errors props.
/// Results go to bench/results (markdown + JSON) unless <c>--artifacts</c> says otherwise.
/// </summary>
public static class BenchConfig
{
    public static IConfig Create(string[] args)
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(6)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250))
            .WithId("Short");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(ThroughputColumn.OperationsPerSecond, ThroughputColumn.MegabytesPerSecond, ThroughputColumn.GigabitsPerSecond)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub, JsonExporter.Full)
            .WithOptions(ConfigOptions.DisableLogFile);
        if (!args.Contains("--artifacts"))
        {
            config = config.WithArtifactsPath(Path.Combine(FindRepositoryRoot(), "bench", "results"));
        }

        return config;
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LiveServer.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? Directory.GetCurrentDirectory();
    }
}
