using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace LiveServer.Media.Templates;

/// <summary>
/// Renders a web page as a livestream's layout: the page runs in a headless Chromium of its own at
/// the output size, tells where video goes (<see cref="Slots"/>) and when it has drawn
/// (<see cref="Ready"/>), and its pixels, with alpha, are captured as they change
/// (<see cref="Image"/>) for the compositor to lay over the video.
/// </summary>
/// <remarks>
/// One run loop owns the browser: it launches, opens the page and waits; when Chromium or the page
/// dies after ready, it starts a fresh one on the same URL (keeping <see cref="Image"/> and
/// <see cref="Slots"/> meanwhile) up to <see cref="TemplateSettings.RestartLimit"/> times, then raises
/// <see cref="FellBack"/> once and stops. Before the first ready a failure faults <see cref="Ready"/>
/// and the renderer stops. <see cref="Image"/> is recycled two captures after it was replaced: read
/// it once per frame and draw it, rather than keeping it.
/// </remarks>
public sealed class TemplateRenderer : IAsyncDisposable
{
    private readonly Uri _url;
    private readonly string _name;
    private readonly int _width;
    private readonly int _height;
    private readonly TemplateSettings _settings;
    private readonly ILogger _logger;
    private readonly RecentErrors _errors = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    private readonly Lock _slotsGate = new();
    private Task _run = Task.CompletedTask;
    private volatile TemplateImage? _image;
    private volatile IReadOnlyList<TemplateSlot> _slots = [];
    private volatile TemplateBrowser? _browser;
    private volatile string? _assignment;
    private long _framesCaptured;
    private int _restarts;
    private int _browserProcessId;
    private TimeSpan? _readyAfter;

    private TemplateRenderer(Uri url, int width, int height, TemplateSettings settings, ILogger logger)
    {
        _url = url;
        _name = settings.Name ?? url.ToString();
        _width = width;
        _height = height;
        _settings = settings;
        _logger = logger;
    }

    /// <summary>The latest page image; kept while Chromium restarts; null until the first capture.</summary>
    public TemplateImage? Image => _image;

    /// <summary>The page's latest valid slot report.</summary>
    public IReadOnlyList<TemplateSlot> Slots => _slots;

    /// <summary>Raised (on a PuppeteerSharp thread) when a slot report differs from the last.</summary>
    public event Action? SlotsChanged;

    /// <summary>
    /// Completes when the page first called ready() and <see cref="Image"/> shows the page as of that
    /// call; faults with <see cref="TemplateFailedException"/>
    /// when it does not load, answers other than 2xx, crashes first, or is not ready within
    /// <see cref="TemplateSettings.ReadyTimeout"/>.
    /// </summary>
    public Task Ready => _ready.Task;

    /// <summary>Raised once, with the reason, after more than <see cref="TemplateSettings.RestartLimit"/> crashes after ready; the renderer has stopped.</summary>
    public event Action<string>? FellBack;

    /// <summary>Raised when a restarted page has called ready() again.</summary>
    public event Action? Recovered;

    /// <summary>Chromium restarts so far.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>Page images converted so far.</summary>
    public long FramesCaptured => Interlocked.Read(ref _framesCaptured);

    /// <summary>The current browser process, or null between lives.</summary>
    public int? BrowserProcessId => Volatile.Read(ref _browserProcessId) is var pid and > 0 ? pid : null;

    /// <summary>The page's last five console errors and uncaught exceptions, oldest first.</summary>
    public IReadOnlyList<string> ConsoleErrors => _errors.Snapshot();

    /// <summary>Time from <see cref="Start"/> to the first ready().</summary>
    public TimeSpan? ReadyAfter => _readyAfter;

    /// <summary>Starts rendering <paramref name="url"/> at <paramref name="width"/> x <paramref name="height"/> (even sizes); returns at once.</summary>
    public static TemplateRenderer Start(Uri url, int width, int height, TemplateSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        if (width <= 0 || height <= 0 || (width | height) % 2 != 0)
        {
            throw new ArgumentException($"A template needs positive even sizes, not {width}x{height}.");
        }

        var renderer = new TemplateRenderer(url, width, height, settings, logger);
        renderer._run = Task.Run(() => renderer.RunAsync(renderer._stop.Token));
        return renderer;
    }

    /// <summary>
    /// Tells the page who is in which slot (<c>window.__liveserverAssign(json)</c>, which the SDK
    /// turns into its <c>slots</c> event): now, and again for every restarted page.
    /// </summary>
    public void Assign(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        _assignment = json;
        _ = _browser?.AssignAsync(json);
    }

    /// <summary>Stops the page and Chromium (killed when it does not close within two seconds).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _ready.TrySetException(new TemplateFailedException($"Template {_name} was stopped before it was ready."));
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!TemplateRequestPolicy.Allows(_url, _settings.IsAllowed) || _url.Scheme is not ("http" or "https"))
        {
            _ready.TrySetException(Failure("is not an allowed http(s) URL"));
            return;
        }

        var crashes = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            string reason;
            try
            {
                reason = await LiveOnceAsync(new Life(this), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                reason = e is TemplateFailedException ? e.Message : $"failed ({e.GetType().Name}: {e.Message})";
                if (!_ready.Task.IsCompleted)
                {
                    _logger.LogWarning("Template {Url} failed: {Reason}", _name, reason);
                    _ready.TrySetException(Failure(reason));
                    return;
                }
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            crashes++;
            if (crashes > _settings.RestartLimit)
            {
                _logger.LogWarning("Template {Url} lost {Crashes} times ({Reason}); falling back", _name, crashes, reason);
                Raise(FellBack, $"Template {_name} crashed {crashes} times; last: {reason}.{_errors.Describe()}");
                return;
            }

            Interlocked.Increment(ref _restarts);
            _logger.LogWarning("Template {Url} lost ({Reason}); restarting Chromium ({Restart} of {Limit})", _name, reason, crashes, _settings.RestartLimit);
        }
    }

    /// <summary>One Chromium: returns why it was lost after ready; throws when it failed before.</summary>
    private async Task<string> LiveOnceAsync(Life life, CancellationToken cancellationToken)
    {
        TemplateBrowser browser;
        try
        {
            browser = await TemplateBrowser.LaunchAsync(_width, _height, _settings, life, _logger);
        }
        catch (Exception e)
        {
            throw new TemplateFailedException($"could not start Chromium at {_settings.ChromiumPath} ({e.Message})");
        }

        try
        {
            Volatile.Write(ref _browserProcessId, browser.ProcessId ?? 0);

            // The page's time starts when it is opened; Chromium's start is bounded by its launch timeout.
            var opened = Stopwatch.StartNew();
            TimeSpan Remaining() => _settings.ReadyTimeout - opened.Elapsed;
            var open = browser.OpenAsync(_url, _width, _height, Remaining(), cancellationToken);
            if (await Task.WhenAny(open, browser.Lost) != open)
            {
                throw new TemplateFailedException($"crashed while loading: {await browser.Lost}");
            }

            await open;
            _browser = browser;
            if (_assignment is { } assignment)
            {
                _ = browser.AssignAsync(assignment);
            }

            var wait = Remaining();
            var timeout = Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, cancellationToken);
            var first = await Task.WhenAny(life.Ready.Task, browser.Lost, timeout);
            cancellationToken.ThrowIfCancellationRequested();
            if (first == browser.Lost)
            {
                throw new TemplateFailedException($"crashed before calling ready(): {await browser.Lost}");
            }

            if (first == timeout)
            {
                throw new TemplateFailedException($"did not call ready() within {_settings.ReadyTimeout.TotalSeconds:0.#} s");
            }

            // The page has drawn: make sure the image shows it before anyone is told.
            await browser.RefreshImageAsync(cancellationToken).WaitAsync(Remaining() > TimeSpan.FromSeconds(2) ? Remaining() : TimeSpan.FromSeconds(2), cancellationToken);
            if (_ready.TrySetResult())
            {
                _readyAfter = _sinceStart.Elapsed;
                _logger.LogInformation("Template {Url} ready after {ReadyMs} ms (Chromium {ProcessId})", _name, (long)_sinceStart.Elapsed.TotalMilliseconds, browser.ProcessId);
            }
            else
            {
                _logger.LogInformation("Template {Url} recovered after restart {Restart}", _name, Restarts);
                Raise(Recovered);
            }

            return await browser.Lost.WaitAsync(cancellationToken);
        }
        finally
        {
            life.Ended = true;
            _browser = null;
            Volatile.Write(ref _browserProcessId, 0);
            await browser.DisposeAsync();
        }
    }

    private TemplateFailedException Failure(string reason) => new($"Template {_name} {reason}.{_errors.Describe()}");

    private void OnSlots(string? json)
    {
        var slots = TemplateSlotReport.Parse(json, _width, _height, out var problem);
        if (problem is not null)
        {
            _logger.LogWarning("Template {Url} slot report: {Problem}", _name, problem);
        }

        if (slots is null)
        {
            return;
        }

        lock (_slotsGate)
        {
            if (slots.SequenceEqual(_slots))
            {
                return;
            }

            _slots = slots;
        }

        Raise(SlotsChanged);
    }

    private void OnImage(TemplateImage image)
    {
        _image = image;
        Interlocked.Increment(ref _framesCaptured);
    }

    private void Raise(Action? handlers)
    {
        try
        {
            handlers?.Invoke();
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A template {Url} event handler threw", _name);
        }
    }

    private void Raise(Action<string>? handlers, string reason)
    {
        try
        {
            handlers?.Invoke(reason);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A template {Url} event handler threw", _name);
        }
    }

    /// <summary>What one browser life reports; silent once that life has ended.</summary>
    private sealed class Life(TemplateRenderer owner) : ITemplatePageListener
    {
        public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public volatile bool Ended;

        public void ReadyCalled()
        {
            if (!Ended)
            {
                Ready.TrySetResult();
            }
        }

        public void SlotsReported(string? json)
        {
            if (!Ended)
            {
                owner.OnSlots(json);
            }
        }

        public void ConsoleError(string text) => owner._errors.Add(text);

        public void ImageCaptured(TemplateImage image)
        {
            if (!Ended)
            {
                owner.OnImage(image);
            }
        }
    }
}
