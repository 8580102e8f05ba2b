using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveServer.Browser.Tests;

/// <summary>
/// publish.html in a real Chromium with its fake camera and microphone: the preview, the WHIP
/// request it sends, how it shows refusals, and Leave. The last test publishes for real and needs
/// the server's WHIP endpoint.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PublishPageTests(BrowserFixture browser, ServerFixture server, ITestOutputHelper output)
{
    private const string PreviewPlays =
        "() => { const v = document.getElementById('preview'); return v.srcObject !== null && v.videoWidth > 0 && v.currentTime > 0.3; }";

    [Fact(Timeout = 60_000)]
    public async Task Open_FakeCamera_PreviewPlaysAndGoLiveIsReady()
    {
        await using var publish = await browser.NewPageAsync(server.Server.BaseAddress, output);
        var page = publish.Page;
        await page.GotoAsync($"/publish.html?room=studio&name=Ann&token={TestTokens.Default}");

        await publish.WaitUntilAsync(PreviewPlays, TimeSpan.FromSeconds(15), "the camera preview plays");
        var tracks = await page.EvaluateAsync<string[]>(
            "() => document.getElementById('preview').srcObject.getTracks().filter(t => t.readyState === 'live').map(t => t.kind).sort()");
        Assert.Equal(["audio", "video"], tracks);

        // The fake camera's picture moves (its disc sweeps round every 3 s): the preview shows live frames.
        var change = await page.EvaluateAsync<double>("""
            async () => {
              const video = document.getElementById('preview');
              const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 180 });
              const context = canvas.getContext('2d', { willReadFrequently: true });
              const grab = () => { context.drawImage(video, 0, 0, 320, 180); return context.getImageData(0, 0, 320, 180).data; };
              const first = grab();
              await new Promise(resolve => setTimeout(resolve, 1000));
              const second = grab();
              let sum = 0;
              for (let i = 0; i < first.length; i += 4) {
                sum += Math.abs(first[i] - second[i]) + Math.abs(first[i + 1] - second[i + 1]) + Math.abs(first[i + 2] - second[i + 2]);
              }
              return sum / (3 * first.length / 4);
            }
            """);
        Assert.True(change > 1, $"The preview changed by only {change:0.00} per channel in 1 s.");
        await Expect(page.GetByLabel("Room")).ToHaveValueAsync("studio");
        await Expect(page.GetByLabel("Your name")).ToHaveValueAsync("Ann");
        await Expect(page.Locator("#go-live")).ToBeEnabledAsync();
        await Expect(page.Locator("#leave")).ToBeDisabledAsync();
        await Expect(page.Locator("#state")).ToHaveTextAsync("Offline");
        await Expect(page.Locator("#watch-link")).ToHaveAttributeAsync("href", "watch.html?room=studio");
    }

    [Fact(Timeout = 60_000)]
    public async Task GoLive_UnknownRoom_PostsSdpOfferAndShowsTheRefusal()
    {
        await using var publish = await browser.NewPageAsync(server.Server.BaseAddress, output);
        var page = publish.Page;
        await page.GotoAsync($"/publish.html?room=no-such-room&name=Ann%20Lee&token={TestTokens.Default}");
        await publish.WaitUntilAsync(PreviewPlays, TimeSpan.FromSeconds(15), "the camera preview plays");

        var request = await page.RunAndWaitForRequestAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Go live" }).ClickAsync(),
            r => r.Method == "POST" && r.Url.Contains("/whip", StringComparison.Ordinal));

        var url = new Uri(request.Url);
        Assert.Equal(("/v2/rooms/no-such-room/whip", "?name=Ann+Lee"), (url.AbsolutePath, url.Query));
        Assert.Equal("application/sdp", await request.HeaderValueAsync("content-type"));
        Assert.Equal("Bearer " + TestTokens.Default, await request.HeaderValueAsync("authorization"));
        var offer = request.PostData ?? "";
        Assert.StartsWith("v=0\r\n", offer, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^m=audio \d+ UDP/TLS/RTP/SAVPF", offer);
        Assert.Matches(@"(?m)^m=video \d+ UDP/TLS/RTP/SAVPF", offer);
        Assert.True(offer.IndexOf("m=audio", StringComparison.Ordinal) < offer.IndexOf("m=video", StringComparison.Ordinal), "audio comes first");
        Assert.Equal(2, offer.Split("a=sendonly").Length - 1);
        Assert.Contains("a=fingerprint:sha-256 ", offer, StringComparison.Ordinal);

        // With no WHIP endpoint the route is unknown; with one, the room is: a 404 either way.
        await Expect(page.Locator("#error")).ToContainTextAsync("The server refused to publish: 404");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Offline");
        await Expect(page.Locator("#go-live")).ToBeEnabledAsync();
        await Expect(page.Locator("#leave")).ToBeDisabledAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task GoLive_RefusedWithProblemDetails_ShowsDetailAndSentTheToken()
    {
        await using var publish = await browser.NewPageAsync(server.Server.BaseAddress, output);
        var page = publish.Page;
        await page.RouteAsync("**/v2/rooms/*/whip*", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 403,
            ContentType = "application/problem+json",
            Body = """{"title":"Forbidden.","status":403,"detail":"The token has expired."}""",
        }));
        await page.GotoAsync("/publish.html?room=studio&name=Ann&token=secret-1");
        await publish.WaitUntilAsync(PreviewPlays, TimeSpan.FromSeconds(15), "the camera preview plays");
        await Expect(page.Locator("#token-note")).ToBeVisibleAsync();

        var request = await page.RunAndWaitForRequestAsync(
            () => page.Locator("#go-live").ClickAsync(),
            r => r.Method == "POST" && r.Url.Contains("/whip", StringComparison.Ordinal));

        Assert.Equal("Bearer secret-1", await request.HeaderValueAsync("authorization"));
        await Expect(page.Locator("#error")).ToHaveTextAsync("The server refused to publish: 403 Forbidden: The token has expired.");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Offline");
    }

    [Fact(Timeout = 60_000)]
    public async Task Leave_AfterAnAnswer_DeletesTheSessionAtItsLocationAndStopsTheCamera()
    {
        await using var publish = await browser.NewPageAsync(server.Server.BaseAddress, output);
        var page = publish.Page;
        var deletes = new List<(string Url, string? Authorization)>();
        await page.RouteAsync("**/v2/rooms/*/whip*", async route =>
        {
            var offer = route.Request.PostData ?? "";
            await route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 201,
                ContentType = "application/sdp",
                Headers = new Dictionary<string, string>
                {
                    ["Location"] = "whip/sessions/abc",
                    ["ETag"] = "\"1\"",
                    ["Link"] = "<stun:127.0.0.1:3478>; rel=\"ice-server\"",
                },
                Body = WhipAnswer.FromOffer(offer),
            });
        });
        await page.RouteAsync("**/whip/sessions/*", async route =>
        {
            lock (deletes)
            {
                deletes.Add((route.Request.Method + " " + route.Request.Url, route.Request.Headers.GetValueOrDefault("authorization")));
            }

            await route.FulfillAsync(new RouteFulfillOptions { Status = 200 });
        });
        await page.GotoAsync("/publish.html?room=studio&name=Ann&token=t0k");
        await publish.WaitUntilAsync(PreviewPlays, TimeSpan.FromSeconds(15), "the camera preview plays");

        await page.Locator("#go-live").ClickAsync();
        await Expect(page.Locator("#leave")).ToBeEnabledAsync();
        await Expect(page.Locator("#state")).ToHaveTextAsync("Connecting");
        await Expect(page.Locator("#error")).ToBeHiddenAsync();
        await Expect(page.GetByLabel("Room")).ToBeDisabledAsync();

        await page.Locator("#leave").ClickAsync();

        await Expect(page.Locator("#state")).ToHaveTextAsync("Offline");
        await Expect(page.Locator("#go-live")).ToBeEnabledAsync();
        await publish.WaitUntilAsync("() => document.getElementById('preview').srcObject === null", TimeSpan.FromSeconds(5), "the preview is off");
        lock (deletes)
        {
            // The relative Location resolves against the WHIP endpoint's URL, as RFC 9110 has it.
            Assert.Equal([($"DELETE {server.Server.BaseAddress}v2/rooms/studio/whip/sessions/abc", "Bearer t0k")], deletes);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task IceServerLinks_FromTheAnswer_AreParsed()
    {
        await using var publish = await browser.NewPageAsync(server.Server.BaseAddress, output);
        var page = publish.Page;
        await page.GotoAsync($"/publish.html?token={TestTokens.Default}");

        var servers = await page.EvaluateAsync<string>("""
            async () => JSON.stringify((await import('./js/publish.js')).parseIceServerLinks(
              '<stun:stun.example.net>; rel="ice-server", ' +
              '<turn:turn.example.net?transport=udp>; rel="ice-server"; username="user;1"; credential="pa,ss"; credential-type="password", ' +
              '</elsewhere>; rel="next"'))
            """);

        Assert.Equal(
            """[{"urls":"stun:stun.example.net"},{"urls":"turn:turn.example.net?transport=udp","username":"user;1","credential":"pa,ss"}]""",
            servers);
    }

    [Fact(Timeout = 240_000)]
    public async Task GoLive_TwoBrowsers_PublishIntoTheLivestreamAndLeave()
    {
        var roomId = await server.CreateRoomAsync();
        await using var ann = await browser.NewPageAsync(server.Server.BaseAddress, output);
        await using var ben = await browser.NewPageAsync(server.Server.BaseAddress, output);
        try
        {
            foreach (var (publish, name) in new[] { (ann, "Ann"), (ben, "Ben") })
            {
                await publish.Page.GotoAsync($"/publish.html?room={roomId}&name={name}&token={TestTokens.Default}");
                await publish.WaitUntilAsync(PreviewPlays, TimeSpan.FromSeconds(15), $"{name}'s camera preview plays");
                await publish.Page.Locator("#go-live").ClickAsync();
            }

            foreach (var publish in new[] { ann, ben })
            {
                await Expect(publish.Page.Locator("#state")).ToHaveTextAsync("Live", new() { Timeout = 30_000 });
                await Expect(publish.Page.Locator("#error")).ToBeHiddenAsync();
            }

            // Both are listed as browser hosts, and frames of both kinds keep arriving from each.
            var before = await WebRtcHostsAsync(roomId, 2);
            await Task.Delay(TimeSpan.FromSeconds(2));
            var after = await WebRtcHostsAsync(roomId, 2);
            foreach (var name in new[] { "Ann", "Ben" })
            {
                Assert.True(after[name].Video > before[name].Video, $"{name}'s video frames rose: {before[name]} -> {after[name]}");
                Assert.True(after[name].Audio > before[name].Audio, $"{name}'s audio frames rose: {before[name]} -> {after[name]}");
            }

            await using var states = await server.Server.RecordHlsStatesAsync(roomId);
            // Low (one 360p rendition): two browsers publishing and the ladder of med would outrun the
            // 2-core test machine, and the recording would fall behind real time.
            var start = await server.Client.PostAsJsonAsync("/v2/hls/start", new { roomId, config = new { quality = "low" } });
            Assert.True(start.IsSuccessStatusCode, await start.Content.ReadAsStringAsync());
            var playable = await states.WaitForAsync("HLS_PLAYABLE", TimeSpan.FromSeconds(40));
            await Task.Delay(TimeSpan.FromSeconds(7));

            // The fake camera's picture moves (a clock text and a disc that sweeps round every 3 s), so
            // each host's tile (GRID of two: left and right half) keeps changing, and the fake
            // microphone's beeps are heard. The first seconds are skipped: a decoder starting on a cached
            // group of pictures runs through it faster than real time.
            await server.EndLivestreamAsync(roomId);
            await states.WaitForAsync("HLS_STOPPED", TimeSpan.FromSeconds(40));
            var stored = await server.Client.GetFromJsonAsync<JsonElement>($"/v2/hls/{playable.Id}");
            var ran = (stored.GetProperty("end").GetDateTimeOffset() - stored.GetProperty("start").GetDateTimeOffset()).TotalSeconds;
            var recorded = (await Ffprobe.ProbeAsync(playable.PlaybackHlsUrl!)).DurationSeconds;
            output.WriteLine($"recorded {recorded:0.0} s of {ran:0.0} s");
            Assert.InRange(recorded, ran - 3, ran + 1);

            // From 2 s to 4 s, each tile differs from half a second before in at least two of the four
            // steps (a frozen tile differs by about 0; the fake camera's moving parts by 1.8 to 14 per
            // channel; a browser short of CPU lowers its frame rate, so not every step needs a change).
            var previous = await Ffprobe.FrameAtAsync(playable.PlaybackHlsUrl!, 2.0, 640, 360);
            var changes = new Dictionary<string, List<double>> { ["left"] = [], ["right"] = [] };
            for (var at = 2.5; at <= 4.0; at += 0.5)
            {
                var frame = await Ffprobe.FrameAtAsync(playable.PlaybackHlsUrl!, at, 640, 360);
                changes["left"].Add(MeanDifference(previous, frame, 20, 95, 200, 135));
                changes["right"].Add(MeanDifference(previous, frame, 340, 95, 200, 135));
                previous = frame;
            }

            foreach (var (tile, steps) in changes)
            {
                output.WriteLine($"{tile} tile, change per half second from 2 s: {string.Join(" ", steps.Select(d => d.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}");
                Assert.True(steps.Count(d => d > 1) >= 2, $"The {tile} tile hardly moved from 2 s to 4 s: {string.Join(", ", steps.Select(d => d.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))} per channel.");
            }

            Assert.True(await Ffprobe.MeanVolumeAsync(playable.PlaybackHlsUrl!) > -50, "The livestream's audio is silent.");

            await ben.Page.Locator("#leave").ClickAsync();
            await Expect(ben.Page.Locator("#state")).ToHaveTextAsync("Offline");
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((await server.ParticipantsAsync(roomId)).Length != 1 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            var remaining = await server.ParticipantsAsync(roomId);
            Assert.Equal(["Ann"], remaining.Select(p => p.GetProperty("name").GetString()));
        }
        finally
        {
            await server.EndLivestreamAsync(roomId);
        }
    }

    /// <summary>Waits until the room lists <paramref name="count"/> browser hosts with both tracks; their frame counters by name.</summary>
    private async Task<Dictionary<string, (long Video, long Audio)>> WebRtcHostsAsync(string roomId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var hosts = (await server.ParticipantsAsync(roomId))
                .Where(p => p.GetProperty("kind").GetString() == "webrtc"
                    && p.GetProperty("video").ValueKind == JsonValueKind.Object
                    && p.GetProperty("audio").ValueKind == JsonValueKind.Object)
                .ToDictionary(
                    p => p.GetProperty("name").GetString()!,
                    p => (p.GetProperty("video").GetProperty("frames").GetInt64(), p.GetProperty("audio").GetProperty("frames").GetInt64()));
            if (hosts.Count == count)
            {
                return hosts;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The room lists {hosts.Count} browser hosts with audio and video, not {count}.");
            await Task.Delay(250);
        }
    }

    /// <summary>Mean absolute difference per channel of two frames inside a rectangle.</summary>
    private static double MeanDifference(RgbFrame a, RgbFrame b, int x, int y, int width, int height)
    {
        long sum = 0;
        for (var row = y; row < y + height; row++)
        {
            for (var column = x; column < x + width; column++)
            {
                var (ar, ag, ab) = a.At(column, row);
                var (br, bg, bb) = b.At(column, row);
                sum += Math.Abs(ar - br) + Math.Abs(ag - bg) + Math.Abs(ab - bb);
            }
        }

        return sum / (3.0 * width * height);
    }
}
