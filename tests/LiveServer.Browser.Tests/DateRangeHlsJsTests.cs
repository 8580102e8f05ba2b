using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;

namespace LiveServer.Browser.Tests;

/// <summary>
/// The poll date ranges as a parser we did not write reads them: hls.js (the one the watch page
/// ships) in a real Chromium loads each rendition's VOD playlist and reports its EXT-X-DATERANGEs
/// (valid, with their dates and attributes, placed on the media timeline).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DateRangeHlsJsTests(BrowserFixture browser, ServerFixture server, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    private const string ReadDateRanges = """
        async (url) => {
          const video = document.createElement('video');
          video.muted = true;
          document.body.appendChild(video);
          const hls = new Hls({ enableWorker: false });
          const details = await new Promise((resolve, reject) => {
            hls.on(Hls.Events.LEVEL_LOADED, (_, data) => resolve(data.details));
            hls.on(Hls.Events.ERROR, (_, data) => { if (data.fatal) { reject(new Error(data.details)); } });
            hls.loadSource(url);
            hls.attachMedia(video);
          });
          hls.destroy();
          return {
            duration: details.totalduration,
            ranges: Object.values(details.dateRanges).map(r => ({
              id: r.id, cls: r.class, valid: r.isValid, start: r.startDate.toISOString(),
              end: r.endDate ? r.endDate.toISOString() : '', startTime: r.startTime,
              question: r.attr['X-QUESTION'] || '', options: r.attr['X-OPTIONS'] || '', counts: r.attr['X-COUNTS'] || '' })),
          };
        }
        """;

    [Fact(Timeout = 180_000)]
    public async Task PollDateRanges_InTheVodPlaylists_ReadByHlsJsAsValidRangesOnTheTimeline()
    {
        var roomId = await server.CreateRoomAsync();
        await server.AddTestParticipantAsync(roomId, new { name = "Ann", width = 320, height = 180 });
        var started = await server.Client.PostAsJsonAsync("/v2/hls/start", new { roomId, config = new { quality = "med" } });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        try
        {
            await WaitUntilAsync(async () => await StatusAsync($"/v2/hls/{roomId}/active") == "HLS_PLAYABLE");
            await WaitUntilAsync(async () => PlaylistText.SegmentCount(await server.Client.GetStringAsync($"/hls/{id}/720p.m3u8")) >= 1);
            var poll = await (await server.Client.PostAsJsonAsync(
                $"/v2/rooms/{roomId}/polls", new { question = "Best \"pet\"?", options = new[] { "cat", "dog" } })).Content.ReadFromJsonAsync<JsonElement>();
            var pollId = poll.GetProperty("pollId").GetString()!;
            var openedAt = poll.GetProperty("createdAt").GetDateTimeOffset();
            await WaitUntilAsync(async () => PlaylistText.SegmentCount(await server.Client.GetStringAsync($"/hls/{id}/720p.m3u8")) >= 3);
            var closed = await (await server.Client.PostAsync($"/v2/rooms/{roomId}/polls/{pollId}/close", null)).Content.ReadFromJsonAsync<JsonElement>();
            var closedAt = closed.GetProperty("closedAt").GetDateTimeOffset();

            // Ended once a segment from after the close is listed: the media covers the poll.
            await WaitUntilAsync(async () => ProgramDateTimes(await server.Client.GetStringAsync($"/hls/{id}/360p.m3u8"))[^1] > closedAt);
            await server.EndLivestreamAsync(roomId);
            await WaitUntilAsync(async () => await StatusAsync($"/v2/hls/{id}") == "HLS_STOPPED");

            await using var watch = await browser.NewPageAsync(server.Server.BaseAddress, output);
            await watch.Page.GotoAsync("/");
            await watch.Page.AddScriptTagAsync(new() { Url = "/lib/hls.min.js" });
            foreach (var rendition in new[] { "720p", "360p" })
            {
                var read = await watch.Page.EvaluateAsync<JsonElement>(ReadDateRanges, $"{server.Server.BaseAddress}hls/{id}/{rendition}.m3u8");
                var ranges = read.GetProperty("ranges").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
                output.WriteLine($"{rendition}: {read}");
                Assert.Equal([pollId, pollId + "-result"], ranges.Keys.Order(StringComparer.Ordinal));

                var range = ranges[pollId];
                Assert.True(range.GetProperty("valid").GetBoolean());
                Assert.Equal("com.liveserver.poll", range.GetProperty("cls").GetString());
                Assert.Equal(Iso(openedAt), range.GetProperty("start").GetString());
                Assert.Equal(Iso(closedAt), range.GetProperty("end").GetString());
                Assert.Equal("Best 'pet'?", range.GetProperty("question").GetString());
                Assert.Equal("cat | dog", range.GetProperty("options").GetString());
                // On the media timeline where the PROGRAM-DATE-TIMEs put it (one encoder run: no discontinuity).
                var firstDate = ProgramDateTimes(await server.Client.GetStringAsync($"/hls/{id}/{rendition}.m3u8"))[0];
                var startTime = range.GetProperty("startTime").GetDouble();
                Assert.Equal((openedAt - firstDate).TotalSeconds, startTime, 0.002);
                Assert.InRange(startTime, 0, read.GetProperty("duration").GetDouble());

                var result = ranges[pollId + "-result"];
                Assert.True(result.GetProperty("valid").GetBoolean());
                Assert.Equal("0 | 0", result.GetProperty("counts").GetString());
                Assert.Equal((closedAt - firstDate).TotalSeconds, result.GetProperty("startTime").GetDouble(), 0.002);

            }
        }
        finally
        {
            await server.EndLivestreamAsync(roomId);
        }
    }

    private async Task<string?> StatusAsync(string path)
    {
        var response = await server.Client.GetAsync(path);
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() : null;
    }

    private static List<DateTimeOffset> ProgramDateTimes(string playlist) =>
        [.. playlist.Split('\n').Where(l => l.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal))
            .Select(l => DateTimeOffset.Parse(l["#EXT-X-PROGRAM-DATE-TIME:".Length..], CultureInfo.InvariantCulture))];

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not so within {Patience}");
            await Task.Delay(200);
        }
    }
}
