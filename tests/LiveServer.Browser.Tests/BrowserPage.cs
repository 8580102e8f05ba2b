using Microsoft.Playwright;

namespace LiveServer.Browser.Tests;

/// <summary>
/// A page in its own browser context. Whatever the page logs (console, uncaught errors, failed
/// requests) goes to the test's output when it is disposed, so a failing test shows what the page saw.
/// With <c>LIVESERVER_SCREENSHOTS</c> set to a folder, the page's last look is saved there as a PNG.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ITestOutputHelper _output;
    private readonly List<string> _log = [];

    internal BrowserPage(IBrowserContext context, IPage page, ITestOutputHelper output)
    {
        _context = context;
        _output = output;
        Page = page;
        page.Console += (_, message) => Log($"console.{message.Type}: {message.Text}");
        page.PageError += (_, error) => Log($"page error: {error}");
        page.RequestFailed += (_, request) => Log($"request failed: {request.Method} {request.Url} ({request.Failure})");
    }

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>What the page logged so far.</summary>
    public IReadOnlyList<string> Logged
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>Polls <paramref name="script"/> (a JavaScript function returning a boolean) until it is true.</summary>
    public async Task WaitUntilAsync(string script, TimeSpan timeout, string what)
    {
        try
        {
            await Page.WaitForFunctionAsync(script, null, new PageWaitForFunctionOptions { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 200 });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Not within {timeout}: {what}.\n{string.Join('\n', Logged)}", e);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var line in Logged)
        {
            _output.WriteLine(line);
        }

        if (Environment.GetEnvironmentVariable("LIVESERVER_SCREENSHOTS") is { Length: > 0 } folder && !Page.IsClosed)
        {
            var name = $"{DateTime.UtcNow:HHmmss.fff}-{new Uri(Page.Url).AbsolutePath.Trim('/').Replace('/', '-')}.png";
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = true });
        }

        await _context.CloseAsync();
    }

    private void Log(string line)
    {
        lock (_log)
        {
            _log.Add(line);
        }
    }
}
