namespace LiveServer.Media.Templates;

/// <summary>
/// Which requests a template page may make. Chromium's request interception (CDP Fetch) pauses every
/// HTTP(S) request of the page and its workers, and the renderer continues or aborts it by
/// <see cref="Allows(Uri, Func{Uri, bool})"/>. WebSockets bypass Fetch, so <see cref="WebSocketGuardScript"/> (added before
/// any page script, in every frame) replaces <c>WebSocket</c> with one that first asks, by a
/// synchronous request to <see cref="WebSocketCheckUrl"/> that the renderer answers itself, and
/// throws <c>SecurityError</c> when refused. That guard holds for an honest page; a hostile one can
/// open a WebSocket from a worker, which it does not reach.
/// </summary>
internal static class TemplateRequestPolicy
{
    /// <summary>The address the WebSocket guard asks (never on the network: the renderer answers it).</summary>
    public const string WebSocketCheckUrl = "https://liveserver.invalid/websocket-check";

    /// <summary>Replaces <c>window.WebSocket</c> with a checked one; runs before the page's scripts.</summary>
    public const string WebSocketGuardScript = """
        (() => {
          const Native = globalThis.WebSocket;
          if (!Native || Native.__liveserverGuarded) return;
          const Guarded = function WebSocket(url, protocols) {
            const target = new URL(url, location.href).href;
            const check = new XMLHttpRequest();
            check.open('POST', 'https://liveserver.invalid/websocket-check', false);
            try { check.send(target); } catch (e) { }
            if (check.status !== 204) {
              throw new DOMException('WebSocket to ' + target + ' refused by the server', 'SecurityError');
            }
            return protocols === undefined ? new Native(url) : new Native(url, protocols);
          };
          Guarded.prototype = Native.prototype;
          for (const k of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) Guarded[k] = Native[k];
          Object.defineProperty(Guarded, '__liveserverGuarded', { value: true });
          Object.defineProperty(globalThis, 'WebSocket', { value: Guarded, writable: false, configurable: false });
        })();
        """;

    /// <summary>
    /// True when the page may request <paramref name="url"/>: <c>data:</c> and <c>blob:</c> always,
    /// <c>http(s):</c> and <c>ws(s):</c> when <paramref name="isAllowed"/> says so (an exception in it
    /// refuses), anything else (<c>file:</c>, <c>chrome:</c>, ...) never.
    /// </summary>
    public static bool Allows(Uri url, Func<Uri, bool> isAllowed)
    {
        switch (url.Scheme)
        {
            case "data" or "blob":
                return true;
            case "http" or "https" or "ws" or "wss":
                try
                {
                    return isAllowed(url);
                }
                catch (Exception)
                {
                    return false;
                }

            default:
                return false;
        }
    }

    /// <summary><see cref="Allows(Uri, Func{Uri, bool})"/> for a URL as text; one that does not parse is refused.</summary>
    public static bool Allows(string url, Func<Uri, bool> isAllowed) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) && Allows(parsed, isAllowed);
}
