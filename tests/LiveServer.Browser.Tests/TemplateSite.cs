using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LiveServer.Browser.Tests;

/// <summary>
/// A web site of template pages on its own loopback port (another origin than the server, as a
/// customer's would be): each page is a path with its HTML, or a status code to answer with.
/// Pages load the SDK from the server given in their query (<c>apiBase</c>), as a customer's do.
/// </summary>
public sealed class TemplateSite : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, (int Status, string Html)> _pages = new(StringComparer.Ordinal);
    private readonly Task _serving;

    public TemplateSite()
    {
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseAddress.ToString());
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>Where the pages are.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// A page whose <c>body</c> is <paramref name="body"/>, with the SDK loaded (from the page's
    /// <c>apiBase</c>) before <paramref name="script"/> runs; answers its URL.
    /// </summary>
    public string Add(string path, string style, string body, string script, int status = 200)
    {
        var html = $$"""
            <!doctype html>
            <html><head><meta charset="utf-8"><style>
            html, body { margin: 0; width: 100%; height: 100%; background: transparent; overflow: hidden; }
            {{style}}
            </style></head>
            <body>{{body}}
            <script>
              document.write('<script src="' + new URLSearchParams(location.search).get('apiBase') + '/sdk/liveserver-template.js"><\/script>');
            </script>
            <script>{{script}}</script>
            </body></html>
            """;
        lock (_pages)
        {
            _pages["/" + path.TrimStart('/')] = (status, html);
        }

        return new Uri(BaseAddress, path).ToString();
    }

    public void Dispose()
    {
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
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

            (int Status, string Html) page;
            bool found;
            lock (_pages)
            {
                found = _pages.TryGetValue(context.Request.Url!.AbsolutePath, out page);
            }

            var bytes = Encoding.UTF8.GetBytes(found ? page.Html : "not found");
            context.Response.StatusCode = found ? page.Status : 404;
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = bytes.Length;
            try
            {
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
            }
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
