using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveServer.Browser.Tests;

/// <summary>
/// watch.html in a real Chromium against the real server: SignalR status, participants, the control
/// bar, and the livestream playing through hls.js.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WatchPageTests(BrowserFixture browser, ServerFixture server, ITestOutputHelper output)
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(40);

    [Fact(Timeout = 180_000)]
    public async Task StartFromControlBar_TwoParticipants_ShowsStatesInOrder_PlaysAtLowLatency_SwitchesRenditions()
    {
        var roomId = await server.CreateRoomAsync();
        await server.AddTestParticipantAsync(roomId, new { name = "Alice", toneHz = 440 });
        await server.AddTestParticipantAsync(roomId, new { name = "Bob", pattern = "color", color = "#1e90ff", toneHz = 660 });
        await using var watch = await browser.NewPageAsync(server.Server.BaseAddress, output);
        var page = watch.Page;
        try
        {
            await page.GotoAsync($"/watch.html?room={roomId}&token={TestTokens.Default}");
            await Expect(page.Locator("#participants li[data-participant-id]")).ToHaveCountAsync(2);
            await Expect(page.Locator("#participants")).ToContainTextAsync("Alice");
            await Expect(page.Locator("#participants")).ToContainTextAsync("Bob");
            await Expect(page.Locator("#start")).ToBeEnabledAsync();

            await page.Locator("#start").ClickAsync();

            await Expect(page.Locator("#states li[data-status=HLS_PLAYABLE]")).ToHaveCountAsync(1, new() { Timeout = Ms(StateTimeout) });
            await Expect(page.Locator("#status")).ToHaveTextAsync("Live");
            await watch.WaitUntilAsync(
                "() => { const v = document.getElementById('player'); return v.currentTime > 1 && !v.paused && v.videoWidth > 0; }",
                StateTimeout, "the livestream plays past 1 s");
            var first = await VideoAsync(page);
            Assert.Equal("hls.js", first.Engine);
            Assert.Contains((first.Width, first.Height), new[] { (1280, 720), (640, 360) });
            await watch.WaitUntilAsync(
                $"() => document.getElementById('player').currentTime > {first.CurrentTime + 1.5:0.###}",
                TimeSpan.FromSeconds(15), "playback advances by 1.5 s");

            // The med ladder (720p + 360p) is offered; picking a rendition switches the picture to its size.
            var options = await page.Locator("#rendition option").AllTextContentsAsync();
            Assert.Equal(["Auto", "720p", "360p"], options);
            foreach (var (label, width) in new[] { ("720p", 1280), ("360p", 640), ("720p", 1280) })
            {
                await page.Locator("#rendition").SelectOptionAsync(new SelectOptionValue { Label = label });
                await watch.WaitUntilAsync(
                    $"() => {{ const v = document.getElementById('player'); return v.videoWidth === {width} && v.dataset.rendition === '{label}' && !v.paused; }}",
                    TimeSpan.FromSeconds(20), $"playback switches to {label}");
            }

            // Low latency: hls.js plays from parts; the picture on screen is the one the server composed
            // about a second ago (EXT-X-PROGRAM-DATE-TIME against the clock; the browser shares it).
            await page.Locator("#rendition").SelectOptionAsync(new SelectOptionValue { Label = "Auto" });
            await Task.Delay(TimeSpan.FromSeconds(4));
            var behind = new List<double>();
            for (var i = 0; i < 10; i++)
            {
                var text = await page.Locator("#player").GetAttributeAsync("data-behind");
                if (double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
                {
                    behind.Add(seconds);
                }

                await Task.Delay(300);
            }

            behind.Sort();
            output.WriteLine($"behind the hosts: {string.Join(" ", behind.Select(b => b.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))} s");
            Assert.NotEmpty(behind);
            Assert.True(behind[behind.Count / 2] < 4, $"playback is {behind[behind.Count / 2]:0.00} s behind the hosts: not low latency (2 s segments alone put a classic player 6 s behind)");
            await Expect(page.Locator("#playback-stats")).ToContainTextAsync("behind the hosts");

            await Expect(page.Locator("#stop")).ToBeEnabledAsync();
            await page.Locator("#stop").ClickAsync();
            await Expect(page.Locator("#states li[data-status=HLS_STOPPED]")).ToHaveCountAsync(1, new() { Timeout = Ms(StateTimeout) });

            var states = await page.Locator("#states li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.status)");
            Assert.Equal(["HLS_STARTING", "HLS_STARTED", "HLS_PLAYABLE", "HLS_STOPPING", "HLS_STOPPED"], states);
            await Expect(page.Locator("#start")).ToBeEnabledAsync();
            await Expect(page.Locator("#error")).ToBeHiddenAsync();
            Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync($"/v2/hls/{roomId}/active")).StatusCode);
        }
        finally
        {
            await server.EndLivestreamAsync(roomId);
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task OpenedWhileLive_PlaysTheActiveLivestream()
    {
        var roomId = await server.CreateRoomAsync();
        await server.AddTestParticipantAsync(roomId, new { name = "Cleo", width = 320, height = 180 });
        await using var states = await server.Server.RecordHlsStatesAsync(roomId);
        try
        {
            var start = await server.Client.PostAsJsonAsync("/v2/hls/start", new { roomId, config = new { quality = "low" } });
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
            await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);

            await using var watch = await browser.NewPageAsync(server.Server.BaseAddress, output);
            var page = watch.Page;
            await page.GotoAsync($"/watch.html?room={roomId}&token={TestTokens.Default}");

            await Expect(page.Locator("#status")).ToHaveTextAsync("Live");
            await Expect(page.Locator("#states li")).ToHaveCountAsync(1);
            await Expect(page.Locator("#states li")).ToContainTextAsync("HLS_PLAYABLE (running when the page opened)");
            await watch.WaitUntilAsync(
                "() => { const v = document.getElementById('player'); return v.currentTime > 0.5 && v.videoWidth === 640; }",
                StateTimeout, "the running livestream plays at 640x360");
            await Expect(page.Locator("#live-url")).ToHaveTextAsync(states.Seen.Single(s => s.Status == "HLS_PLAYABLE").LivestreamUrl!);
            await Expect(page.Locator("#start")).ToBeDisabledAsync();

            Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsJsonAsync("/v2/hls/end", new { roomId })).StatusCode);
            await Expect(page.Locator("#states li[data-status=HLS_STOPPED]")).ToHaveCountAsync(1, new() { Timeout = Ms(StateTimeout) });
            await Expect(page.Locator("#status")).ToHaveTextAsync("Ended");
        }
        finally
        {
            await server.EndLivestreamAsync(roomId);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task ParticipantJoinsAndLeaves_ListFollows()
    {
        var roomId = await server.CreateRoomAsync();
        await server.AddTestParticipantAsync(roomId, new { name = "Dana", width = 160, height = 90, fps = 10 });
        await using var watch = await browser.NewPageAsync(server.Server.BaseAddress, output);
        var page = watch.Page;
        await page.GotoAsync($"/watch.html?room={roomId}&token={TestTokens.Default}");
        var hosts = page.Locator("#participants li[data-participant-id]");
        await Expect(hosts).ToHaveCountAsync(1);
        await Expect(hosts.First).ToContainTextAsync("Dana");
        await Expect(page.Locator("#connection")).ToContainTextAsync("Connected");

        var eli = await server.AddTestParticipantAsync(roomId, new { name = "Eli", width = 160, height = 90, fps = 10 });
        await Expect(hosts).ToHaveCountAsync(2);
        await Expect(page.Locator($"#participants li[data-participant-id='{eli}']")).ToContainTextAsync("Eli");
        await Expect(page.Locator("#participant-count")).ToHaveTextAsync("(2)");

        Assert.Equal(HttpStatusCode.NoContent, (await server.Client.DeleteAsync($"/v2/rooms/{roomId}/participants/{eli}")).StatusCode);
        await Expect(page.Locator($"#participants li[data-participant-id='{eli}']")).ToHaveCountAsync(0);
        await Expect(hosts).ToHaveCountAsync(1);
        await Expect(page.Locator("#participant-count")).ToHaveTextAsync("(1)");
    }

    [Fact(Timeout = 60_000)]
    public async Task UnknownRoom_ShowsTheServersReason()
    {
        await using var watch = await browser.NewPageAsync(server.Server.BaseAddress, output);
        var page = watch.Page;
        await page.GotoAsync($"/watch.html?room=no-such-room&token={TestTokens.Default}");

        await Expect(page.Locator("#error")).ToContainTextAsync("Room 'no-such-room' does not exist.");
        await Expect(page.Locator("#start")).ToBeDisabledAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task NoRoom_AsksForOne()
    {
        await using var watch = await browser.NewPageAsync(server.Server.BaseAddress, output);
        var page = watch.Page;
        await page.GotoAsync($"/watch.html?token={TestTokens.Default}");
        await page.GetByLabel("Room").FillAsync("lobby");
        await page.GetByRole(AriaRole.Button, new() { Name = "Watch" }).ClickAsync();

        // Only the navigation is awaited: the page's own title says when it is ready (its load event can lag on a busy machine).
        await page.WaitForURLAsync("**/watch.html?room=lobby", new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.Locator("#room-title")).ToHaveTextAsync("lobby");
    }

    private static async Task<(string Engine, int Width, int Height, double CurrentTime)> VideoAsync(IPage page)
    {
        var video = await page.EvaluateAsync<JsonElement>(
            "() => { const v = document.getElementById('player'); return { engine: v.dataset.engine || '', width: v.videoWidth, height: v.videoHeight, currentTime: v.currentTime }; }");
        return (video.GetProperty("engine").GetString()!, video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32(),
            video.GetProperty("currentTime").GetDouble());
    }

    private static float Ms(TimeSpan timeout) => (float)timeout.TotalMilliseconds;
}
