namespace LiveServer.Media.Tests.Templates;

/// <summary>The HTML of the pages the renderer tests open.</summary>
internal static class TemplateTestPages
{
    /// <summary>Reports every <c>data-liveserver-*</c> element as a slot (what the SDK will do).</summary>
    public const string ReportSlots = """
        function reportSlots() {
          const slots = [...document.querySelectorAll('[data-liveserver-slot],[data-liveserver-participant]')].map(e => {
            const r = e.getBoundingClientRect();
            return { slot: e.dataset.liveserverSlot != null ? Number(e.dataset.liveserverSlot) : null,
                     participant: e.dataset.liveserverParticipant ?? null,
                     x: r.x, y: r.y, width: r.width, height: r.height, fit: 'cover' };
          });
          window.__liveserverSlots(JSON.stringify(slots));
        }
        """;

    /// <summary>An opaque red header (0..80), a 50 % green box at (900, 400, 200x100), two slots, the rest transparent.</summary>
    public const string Layout = $$"""
        <!doctype html>
        <html><head><style>
          html, body { margin: 0; background: transparent; }
          #header { position: absolute; left: 0; top: 0; width: 1280px; height: 80px; background: rgb(200, 30, 60); }
          #box { position: absolute; left: 900px; top: 400px; width: 200px; height: 100px; background: rgba(40, 160, 80, 0.5); }
          .slot { position: absolute; }
        </style></head><body>
          <div id="header"></div><div id="box"></div>
          <div class="slot" data-liveserver-slot="0" style="left: 40px; top: 120px; width: 640px; height: 360px"></div>
          <div class="slot" data-liveserver-participant="alice" style="left: 700px; top: 120px; width: 320px; height: 180px"></div>
          <script>
            {{ReportSlots}}
            reportSlots();
            requestAnimationFrame(() => requestAnimationFrame(() => window.__liveserverReady()));
          </script>
        </body></html>
        """;

    /// <summary>One slot at (0,0), moved to (100,200) after a fetch half a second after ready.</summary>
    public const string MovingSlot = $$"""
        <!doctype html>
        <html><body style="margin:0;background:transparent">
          <div id="s" data-liveserver-slot="0" style="position:absolute;left:0;top:0;width:320px;height:180px"></div>
          <script>
            {{ReportSlots}}
            reportSlots();
            window.__liveserverReady();
            setTimeout(async () => {
              await fetch('/layout');
              const s = document.getElementById('s');
              s.style.left = '100px'; s.style.top = '200px';
              reportSlots();
            }, 500);
          </script>
        </body></html>
        """;

    /// <summary>A box sliding left and right forever.</summary>
    public const string Animated = """
        <!doctype html>
        <html><head><style>
          html, body { margin: 0; background: transparent; }
          @keyframes slide { from { transform: translateX(0); } to { transform: translateX(1000px); } }
          #mover { position: absolute; top: 300px; width: 200px; height: 100px; background: #3c8; animation: slide 2s linear infinite alternate; }
        </style></head><body><div id="mover"></div>
          <script>window.__liveserverSlots('[]'); window.__liveserverReady();</script>
        </body></html>
        """;

    /// <summary>Logs an error and never says it is ready.</summary>
    public const string NeverReady = """
        <!doctype html><html><body><script>console.error("boom");</script></body></html>
        """;

    /// <summary>Tries what it must not be able to: another host (refused), a WebSocket there, file:.</summary>
    public static string Escaping(string refusedHost, int refusedPort) => $$"""
        <!doctype html>
        <html><body style="margin:0;background:transparent">
          <iframe src="file:///etc/passwd"></iframe>
          <script>
            (async () => {
              const results = [];
              try { await fetch('http://{{refusedHost}}:{{refusedPort}}/x'); results.push('host fetch succeeded'); }
              catch (e) { results.push('host fetch refused'); }
              try { await fetch('file:///etc/passwd'); results.push('file fetch succeeded'); }
              catch (e) { results.push('file fetch refused'); }
              try { new WebSocket('ws://{{refusedHost}}:{{refusedPort}}/ws'); results.push('websocket opened'); }
              catch (e) { results.push('websocket refused: ' + e.name); }
              results.push('own host: ' + await fetch('/allowed').then(r => r.status, () => 'failed'));
              console.error('results: ' + results.join('; '));
              window.__liveserverReady();
            })();
          </script>
        </body></html>
        """;
}
