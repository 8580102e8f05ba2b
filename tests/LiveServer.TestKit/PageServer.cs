using System.Net;
using System.Net.Sockets;

namespace LiveServer.TestKit;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 serving test pages by path (HttpListener), each with the status
/// it is to answer with; unknown paths are 404. Counts the requests per path, so a test can tell
/// what the page fetched. Template pages come from here: another origin than the server's.
/// </summary>
public sealed class PageServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, (int Status, string Html)> _pages = [];
    private readonly Dictionary<string, int> _hits = [];
    private readonly Task _serve;

    public PageServer()
    {
        Port = FreePort(IPAddress.Loopback);
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serve = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>Where the pages are (<c>http://127.0.0.1:{Port}/</c>).</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>The page at <paramref name="path"/> ("/name"), answered with <paramref name="status"/>.</summary>
    public Uri Add(string path, string html, int status = 200)
    {
        lock (_pages)
        {
            _pages[path] = (status, html);
        }

        return new Uri($"http://127.0.0.1:{Port}{path}");
    }

    public int Hits(string path)
    {
        lock (_pages)
        {
            return _hits.GetValueOrDefault(path);
        }
    }

    /// <summary>A port on <paramref name="address"/> that nothing listens on (bound, then released).</summary>
    public static int FreePort(IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Close();
        _serve.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = context.Request.Url!.AbsolutePath;
            (int Status, string Html) page;
            bool found;
            lock (_pages)
            {
                _hits[path] = _hits.GetValueOrDefault(path) + 1;
                found = _pages.TryGetValue(path, out page);
            }

            var body = System.Text.Encoding.UTF8.GetBytes(found ? page.Html : "<!doctype html><title>missing</title>");
            context.Response.StatusCode = found ? page.Status : 404;
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers["Cache-Control"] = "no-store";
            try
            {
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
            catch (HttpListenerException)
            {
                // The browser went away mid-answer (a page being torn down).
            }
        }
    }
}
