using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.Api.Auth;
using LiveServer.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Tests.Auth;

/// <summary>Hls:RequireSignedUrls: the playback URLs the API hands out play, others do not.</summary>
[Collection(FfmpegCollection.Name)]
public sealed class SignedHlsTests
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RequireSignedUrls_PlaylistsPartsAndSegmentsNeedTheTokenThePlaylistsCarryOn()
    {
        await using var factory = new LiveServerFactory(new() { ["Hls:RequireSignedUrls"] = "true" });
        var client = factory.CreateClient();
        var roomId = await client.CreateRoomAsync();
        await client.AddTestParticipantAsync(roomId, new { name = "Ann", width = 320, height = 180 });
        await using var states = await factory.RecordHlsStatesAsync(roomId);

        var started = await client.StartHlsAsync(roomId, new { quality = "low" });
        var id = started.GetProperty("id").GetString()!;
        var live = new Uri(started.GetProperty("livestreamUrl").GetString()!);
        var playable = await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        var listed = await client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}");

        Assert.StartsWith("token=", live.Query.TrimStart('?'), StringComparison.Ordinal);
        Assert.Contains("?token=", playable.LivestreamUrl, StringComparison.Ordinal);
        Assert.Contains("?token=", listed.GetProperty("playbackHlsUrl").GetString(), StringComparison.Ordinal);
        using var player = factory.CreateClientWith(null);
        Assert.Equal(HttpStatusCode.Forbidden, (await player.GetAsync(live.AbsolutePath)).StatusCode);
        var otherToken = factory.Services.GetRequiredService<HlsUrlSigner>().Sign("another-livestream");
        Assert.Equal(HttpStatusCode.Forbidden, (await player.GetAsync($"{live.AbsolutePath}?token={Uri.EscapeDataString(otherToken)}")).StatusCode);

        var playlist = await player.GetAsync(live);
        Assert.Equal(HttpStatusCode.OK, playlist.StatusCode);
        Assert.Equal("application/vnd.apple.mpegurl", playlist.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", playlist.Headers.CacheControl?.ToString());
        var renditions = PlaylistText.Uris(await playlist.Content.ReadAsStringAsync());
        Assert.NotEmpty(renditions);
        Assert.All(renditions, s => Assert.EndsWith(live.Query, s, StringComparison.Ordinal));

        // As hls.js does: a URI resolves against the playlist's URL (RFC 3986), so each needs its own
        // query: the media playlist's, and in it every part, the initialization section and the hint.
        var mediaPlaylist = await player.GetStringAsync(new Uri(live, renditions[0]));
        var parts = mediaPlaylist.Split('\n').Where(l => l.Contains("URI=\"", StringComparison.Ordinal)).Select(l => l.Split('"')[1]).ToList();
        Assert.Contains(parts, p => p.Contains("_init0.mp4", StringComparison.Ordinal));
        Assert.All(parts, p => Assert.EndsWith(live.Query, p, StringComparison.Ordinal));
        var part = new Uri(live, parts.First(p => p.Contains(".m4s", StringComparison.Ordinal)));
        var media = await player.GetAsync(part);
        Assert.Equal(HttpStatusCode.OK, media.StatusCode);
        Assert.Equal("video/iso.segment", media.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await player.GetAsync(part.AbsolutePath)).StatusCode);

        await client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
    }

    [Fact]
    public async Task Default_PlaylistsArePublicAndUrlsUnsigned()
    {
        await using var factory = new LiveServerFactory();
        var signer = factory.Services.GetRequiredService<HlsUrlSigner>();

        Assert.False(signer.IsRequired);
        Assert.Equal("http://x/hls/a/live.m3u8", signer.SignUrl("http://x/hls/a/live.m3u8", "a"));
    }

    [Fact]
    public void Check_ExpiredTamperedOrOtherLivestream_Refused()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var signer = new HlsUrlSigner(
            Options.Create(new AuthOptions { Secret = TestTokens.Secret }),
            Options.Create(new SignedHlsOptions { RequireSignedUrls = true, SignedUrlLifetime = TimeSpan.FromHours(1) }),
            time);
        var token = signer.Sign("ls-1");

        Assert.Null(signer.Check("ls-1", token));
        Assert.Equal("bad playback signature", signer.Check("ls-2", token));
        Assert.Equal("bad playback signature", signer.Check("ls-1", "9" + token));
        Assert.Equal("malformed playback token", signer.Check("ls-1", "abc"));
        Assert.Equal("no playback token", signer.Check("ls-1", null));
        time.Now = time.Now.AddHours(1);
        Assert.Equal("playback token expired", signer.Check("ls-1", token));
    }

    [Fact]
    public void SignPlaylist_AddsTheTokenToSegmentLinesAndUriAttributesOnly()
    {
        const string playlist = "#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:2.000,\nseg_00000.ts\n#EXTINF:2.000,\nseg_00001.ts?x=1\n#EXT-X-ENDLIST\n";

        var signed = HlsSignatureFilter.SignPlaylist(playlist, "1.a+b");

        Assert.Equal(
            "#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4?token=1.a%2Bb\"\n#EXTINF:2.000,\nseg_00000.ts?token=1.a%2Bb\n#EXTINF:2.000,\nseg_00001.ts?x=1&token=1.a%2Bb\n#EXT-X-ENDLIST\n",
            signed);
    }
}
