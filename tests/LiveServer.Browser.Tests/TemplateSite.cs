using LiveServer.TestKit;

namespace LiveServer.Browser.Tests;

/// <summary>
/// Template pages on a <see cref="PageServer"/> of their own (another origin than the server, as a
/// customer's would be). Each page loads the SDK from the server given in its query (<c>apiBase</c>),
/// as a customer's does, before its own script.
/// </summary>
public sealed class TemplateSite : IDisposable
{
    private readonly PageServer _pages = new();

    /// <summary>
    /// A page whose <c>body</c> is <paramref name="body"/>, with the SDK loaded (from the page's
    /// <c>apiBase</c>) before <paramref name="script"/> runs, answered with <paramref name="status"/>; answers its URL.
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
        return _pages.Add("/" + path.TrimStart('/'), html, status).ToString();
    }

    public void Dispose() => _pages.Dispose();
}
