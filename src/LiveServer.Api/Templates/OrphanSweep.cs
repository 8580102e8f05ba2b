using LiveServer.Media.Templates;

namespace LiveServer.Api.Templates;

/// <summary>At start, ends the template Chromiums a previous server left running when it died (<see cref="OrphanedChromium"/>).</summary>
public sealed partial class OrphanSweep(ILogger<OrphanSweep> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(
            () =>
            {
                if (OrphanedChromium.EndAll() is var ended and > 0)
                {
                    LogEnded(ended);
                }
            },
            CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ended {Count} template Chromium(s) left running by a server that died")]
    private partial void LogEnded(int count);
}
