using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PuppeteerSharp;

namespace LiveServer.Media.Templates;

/// <summary>
/// One life of a template's Chromium (PuppeteerSharp over CDP): launched on a fresh profile, one page
/// at the output size with a transparent background, the page's requests checked, the two
/// <c>window.__liveserver*</c> bindings in place before any page script, the screencast running,
/// and the page opened. <see cref="Lost"/> completes with a reason when the browser or page dies.
/// </summary>
internal sealed class TemplateBrowser : IAsyncDisposable
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(30);
    private static int _sandboxWarned;
    private readonly ChromiumProfile _profile;
    private readonly IBrowser _browser;
    private readonly ITemplatePageListener _listener;
    private readonly TemplateSettings _settings;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IPage? _page;
    private ScreencastCapture? _capture;

    private TemplateBrowser(ChromiumProfile profile, IBrowser browser, ITemplatePageListener listener, TemplateSettings settings, ILogger logger)
    {
        _profile = profile;
        _browser = browser;
        _listener = listener;
        _settings = settings;
        _logger = logger;
        ProcessId = browser.Process?.Id;
        browser.Disconnected += (_, _) => _lost.TrySetResult("Chromium disconnected (its process ended)");
    }

    /// <summary>The browser process.</summary>
    public int? ProcessId { get; }

    /// <summary>Completes with why, when Chromium or the page has died.</summary>
    public Task<string> Lost => _lost.Task;

    /// <summary>Frames skipped by the frame-rate cap.</summary>
    public long SkippedFrames => _capture?.Skipped ?? 0;

    /// <summary>
    /// Launches Chromium for a <paramref name="width"/> x <paramref name="height"/> page. Not cancelled
    /// halfway (a browser left starting would outlive us): bounded by the launch timeout instead.
    /// </summary>
    public static async Task<TemplateBrowser> LaunchAsync(int width, int height, TemplateSettings settings, ITemplatePageListener listener, ILogger logger)
    {
        var sandbox = settings.Sandbox ?? !ChromiumArguments.RunningAsRoot();
        if (settings.Sandbox is null && !sandbox)
        {
            WarnOnce(logger, "running as root");
        }

        try
        {
            return await LaunchOnceAsync(width, height, sandbox, settings, listener, logger);
        }
        catch (Exception e) when (sandbox && settings.Sandbox is null)
        {
            WarnOnce(logger, e.Message);
            return await LaunchOnceAsync(width, height, false, settings, listener, logger);
        }
    }

    /// <summary>Opens <paramref name="url"/>; throws <see cref="TemplateFailedException"/> when it does not load or answers other than 2xx.</summary>
    public async Task OpenAsync(Uri url, int width, int height, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var page = (await _browser.PagesAsync()).FirstOrDefault() ?? await _browser.NewPageAsync();
        _page = page;
        page.Error += (_, e) => _lost.TrySetResult($"the page crashed ({e.Error})");
        page.Close += (_, _) => _lost.TrySetResult("the page closed");
        page.Console += (_, e) => OnConsole(e.Message);
        page.PageError += (_, e) => _listener.ConsoleError("uncaught " + e.Message);
        page.Dialog += (_, e) => _ = e.Dialog.Dismiss().ContinueWith(static t => t.Exception?.Handle(static _ => true), TaskScheduler.Default);
        page.Request += (_, e) => _ = CheckRequestAsync(e.Request);

        await page.SetRequestInterceptionAsync(true);
        await page.SetBypassServiceWorkerAsync(true);
        await page.ExposeFunctionAsync("__liveserverReady", _listener.ReadyCalled);
        await page.ExposeFunctionAsync("__liveserverSlots", (JsonElement json) =>
        {
            _listener.SlotsReported(json.ValueKind == JsonValueKind.String ? json.GetString() : null);
            return true;
        });
        if (_settings.TokenSource is { } tokens)
        {
            await page.ExposeFunctionAsync("__liveserverToken", tokens);
        }

        await page.EvaluateExpressionOnNewDocumentAsync(TemplateRequestPolicy.WebSocketGuardScript);
        await page.Client.SendAsync("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile = false });
        await page.Client.SendAsync("Emulation.setDefaultBackgroundColorOverride", new { color = new { r = 0, g = 0, b = 0, a = 0 } });

        _capture = new ScreencastCapture(page.Client, width, height, _settings.MaxFramesPerSecond, _listener.ImageCaptured, _logger);
        await _capture.StartAsync(cancellationToken);

        IResponse? response;
        try
        {
            response = await page.GoToAsync(url.AbsoluteUri, new NavigationOptions
            {
                Timeout = (int)Math.Max(1, timeout.TotalMilliseconds),
                WaitUntil = [WaitUntilNavigation.DOMContentLoaded],
            }).WaitAsync(cancellationToken);
        }
        catch (NavigationException e)
        {
            throw new TemplateFailedException($"did not load ({e.Message})");
        }

        if (response is not null && (int)response.Status is < 200 or > 299)
        {
            throw new TemplateFailedException($"answered {(int)response.Status} {response.StatusText}");
        }
    }

    /// <summary>
    /// Hands the page its slot assignment: kept as <c>window.__liveserverAssigned</c> for an SDK that
    /// loads later, and passed to <c>window.__liveserverAssign</c> when the SDK is there. Never throws.
    /// </summary>
    public async Task AssignAsync(string json)
    {
        if (_page is not { } page)
        {
            return;
        }

        try
        {
            await page.EvaluateFunctionAsync(
                "json => { window.__liveserverAssigned = json; if (typeof window.__liveserverAssign === 'function') { window.__liveserverAssign(json); } }",
                json);
        }
        catch (Exception e) when (e is PuppeteerException or InvalidOperationException or ObjectDisposedException)
        {
            _logger.LogDebug("Template slot assignment not delivered: {Reason}", e.Message);
        }
    }

    /// <summary>Brings the image up to the page as it is now (see <see cref="ScreencastCapture.RefreshAsync"/>).</summary>
    public Task RefreshImageAsync(CancellationToken cancellationToken) =>
        _capture?.RefreshAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>Closes Chromium, kills it when it has not gone within two seconds, and deletes the profile.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_capture is not null)
        {
            await _capture.DisposeAsync();
        }

        try
        {
            await _browser.CloseAsync().WaitAsync(CloseTimeout);
        }
        catch (Exception e)
        {
            // Dead already, or hanging: either way it is killed below.
            _logger.LogDebug("Chromium {ProcessId} did not close ({Reason}); killing it", ProcessId, e.Message);
        }

        try
        {
            if (_browser.Process is { HasExited: false } process)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(CloseTimeout);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            _logger.LogDebug("Chromium {ProcessId}: {Reason}", ProcessId, e.Message);
        }

        _browser.Dispose();
        _profile.Dispose();
    }

    private static async Task<TemplateBrowser> LaunchOnceAsync(int width, int height, bool sandbox, TemplateSettings settings, ITemplatePageListener listener, ILogger logger)
    {
        var profile = ChromiumProfile.Create(settings.Label);
        try
        {
            var browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = settings.ChromiumPath,
                Headless = true,
                UserDataDir = profile.Path,
                Args = ChromiumArguments.For(width, height, sandbox),
                DefaultViewport = null,
                Timeout = (int)LaunchTimeout.TotalMilliseconds,
            });
            return new TemplateBrowser(profile, browser, listener, settings, logger);
        }
        catch
        {
            profile.Dispose();
            throw;
        }
    }

    private static void WarnOnce(ILogger logger, string reason)
    {
        if (Interlocked.Exchange(ref _sandboxWarned, 1) == 0)
        {
            logger.LogWarning("Template pages run Chromium without its sandbox ({Reason}); set Templates:Sandbox to choose", reason);
        }
    }

    private void OnConsole(ConsoleMessage message)
    {
        _logger.LogDebug("Template console {Type}: {Text}", message.Type, message.Text);
        if (message.Type == ConsoleType.Error)
        {
            _listener.ConsoleError(message.Text);
        }
    }

    private async Task CheckRequestAsync(IRequest request)
    {
        try
        {
            if (request.Url == TemplateRequestPolicy.WebSocketCheckUrl)
            {
                var allowed = TemplateRequestPolicy.Allows(request.PostData?.ToString() ?? string.Empty, _settings.IsAllowed);
                LogRefusal(allowed, "WebSocket " + request.PostData);
                await request.RespondAsync(new ResponseData
                {
                    Status = allowed ? HttpStatusCode.NoContent : HttpStatusCode.Forbidden,
                    Headers = new Dictionary<string, object> { ["Access-Control-Allow-Origin"] = "*" },
                });
            }
            else if (TemplateRequestPolicy.Allows(request.Url, _settings.IsAllowed))
            {
                await request.ContinueAsync();
            }
            else
            {
                LogRefusal(false, request.Url);
                await request.AbortAsync(RequestAbortErrorCode.AccessDenied);
            }
        }
        catch (Exception e) when (e is PuppeteerException or InvalidOperationException or ObjectDisposedException)
        {
            // The page or browser went while the request waited.
            _logger.LogDebug("Template request {Url} not settled: {Reason}", request.Url, e.Message);
        }
    }

    private void LogRefusal(bool allowed, string what)
    {
        if (!allowed)
        {
            _logger.LogInformation("Template page request refused: {Url}", what.Length > 300 ? what[..300] : what);
        }
    }
}
