using LiveServer.Api.Rooms;
using LiveServer.Api.Storage;
using LiveServer.Domain.Livestreams;
using LiveServer.Media.Livestreams;
using LiveServer.Media.Templates;

namespace LiveServer.Api.Templates;

/// <summary>
/// One livestream's template page over its life: opens the config's <c>templateUrl</c> in a
/// <see cref="TemplateRenderer"/> and hands it to the pipeline, which draws the page over the video
/// of its slots. A page that does not get ready at the start fails the livestream (<see cref="Failed"/>);
/// one that keeps crashing, or a template switched to later that does not get ready, gives way to the
/// config's built-in layout, with a <c>templateFailed</c> event and the reason in the stats.
/// </summary>
public sealed partial class LivestreamTemplate(
    Livestream livestream,
    LivestreamPipeline pipeline,
    TemplatePages pages,
    RoomNotifier notifier,
    LivestreamJournal journal,
    TimeProvider time,
    ILogger logger) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<string> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TemplateRenderer? _renderer;
    private string? _url;
    private int _restartsBefore;
    private bool _disposed;

    /// <summary>Completes with the reason when the first template did not get ready: the livestream fails with it.</summary>
    public Task<string> Failed => _failed.Task;

    /// <summary>Chromium restarts after crashes, over every template this livestream showed.</summary>
    public int Restarts
    {
        get
        {
            lock (_gate)
            {
                return _restartsBefore + (_renderer?.Restarts ?? 0);
            }
        }
    }

    /// <summary>Why the livestream left its template for the built-in layout, when it did.</summary>
    public string? Failure { get; private set; }

    /// <summary>The page's renderer, while one runs (for its counters).</summary>
    public TemplateRenderer? Renderer
    {
        get
        {
            lock (_gate)
            {
                return _renderer;
            }
        }
    }

    /// <summary>
    /// Follows <paramref name="config"/>'s <c>templateUrl</c>: opens it when it is new (closing the
    /// previous page), closes the page when it is gone. Call with the start config and each PATCH.
    /// </summary>
    public void Apply(LivestreamConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        TemplateRenderer? previous;
        TemplateRenderer? next = null;
        lock (_gate)
        {
            if (_disposed || config.TemplateUrl == _url)
            {
                return;
            }

            var first = _url is null && _renderer is null && Failure is null;
            previous = _renderer;
            _restartsBefore += previous?.Restarts ?? 0;
            _url = config.TemplateUrl;
            if (_url is not null)
            {
                var template = new Uri(_url);
                var format = config.ToOutputFormat();
                next = TemplateRenderer.Start(pages.PageUrl(template, livestream), format.Width, format.Height, pages.Settings(template, livestream), logger);
                Watch(next, _url, first);
            }

            _renderer = next;
        }

        pipeline.UseTemplate(next);
        if (previous is not null)
        {
            _ = previous.DisposeAsync().AsTask();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        TemplateRenderer? renderer;
        lock (_gate)
        {
            _disposed = true;
            renderer = _renderer;
            _renderer = null;
        }

        pipeline.UseTemplate(null);
        if (renderer is not null)
        {
            await renderer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Watch(TemplateRenderer renderer, string url, bool first)
    {
        renderer.FellBack += reason => _ = FallBackAsync(renderer, url, reason);
        _ = renderer.Ready.ContinueWith(
            ready =>
            {
                if (ready.IsCompletedSuccessfully)
                {
                    LogReady(url, renderer.ReadyAfter?.TotalMilliseconds ?? 0);
                    return;
                }

                var reason = ready.Exception?.InnerException?.Message ?? $"The template {url} did not get ready.";
                if (first)
                {
                    _failed.TrySetResult(reason);
                }
                else
                {
                    _ = FallBackAsync(renderer, url, reason);
                }
            },
            TaskScheduler.Default);
    }

    /// <summary>Leaves the template for the built-in layout, once, unless another template replaced it meanwhile.</summary>
    private async Task FallBackAsync(TemplateRenderer renderer, string url, string reason)
    {
        lock (_gate)
        {
            if (_disposed || _renderer != renderer)
            {
                return;
            }

            _restartsBefore += renderer.Restarts;
            _renderer = null;
            _url = null;
            Failure = reason;
        }

        LogFellBack(url, reason);
        var config = livestream.Config with { TemplateUrl = null };
        livestream.Config = config;
        pipeline.UpdateConfig(config);
        pipeline.UseTemplate(null);
        journal.Saved(livestream);
        await notifier.PublishAsync(
            "templateFailed",
            new TemplateFailedMessage(livestream.RoomId, livestream.Id, url, reason, time.GetUtcNow()),
            "template-failed",
            livestream.WebhookUrl,
            CancellationToken.None).ConfigureAwait(false);
        await renderer.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Template {TemplateUrl} is ready after {Milliseconds} ms")]
    private partial void LogReady(string templateUrl, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Template {TemplateUrl} given up; showing the built-in layout: {Reason}")]
    private partial void LogFellBack(string templateUrl, string reason);
}
