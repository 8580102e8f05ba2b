using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace LiveServer.Api.Tests;

/// <summary>The WHIP endpoint (RFC 9725) through the in-memory host; media tests run with real browsers elsewhere.</summary>
public sealed class WhipApiTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private const string Fingerprint = "sha-256 4F:0B:96:2C:1A:7D:E3:58:B2:90:11:C4:6E:3F:A7:D8:52:09:BE:71:CC:38:4D:E6:F0:13:9A:25:87:6B:D1:E4";

    /// <summary>An offer shaped like the one Chrome sends for camera and microphone.</summary>
    internal static readonly string Offer = string.Join("\r\n",
        "v=0",
        "o=- 7253486612493781203 2 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "a=group:BUNDLE 0 1",
        "a=msid-semantic: WMS stream",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111 0",
        "c=IN IP4 0.0.0.0",
        "a=rtcp:9 IN IP4 0.0.0.0",
        "a=ice-ufrag:Xk3v",
        "a=ice-pwd:Qm0Bq4zjJYv1mS3oC7dJ2p9u",
        "a=ice-options:trickle",
        "a=fingerprint:" + Fingerprint,
        "a=setup:actpass",
        "a=mid:0",
        "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
        "a=sendonly",
        "a=msid:stream audio",
        "a=rtcp-mux",
        "a=rtpmap:111 opus/48000/2",
        "a=fmtp:111 minptime=10;useinbandfec=1",
        "a=rtpmap:0 PCMU/8000",
        "a=ssrc:1871230475 cname:Yq2dE5mD9vB0cH1k",
        "m=video 9 UDP/TLS/RTP/SAVPF 96 97",
        "c=IN IP4 0.0.0.0",
        "a=rtcp:9 IN IP4 0.0.0.0",
        "a=ice-ufrag:Xk3v",
        "a=ice-pwd:Qm0Bq4zjJYv1mS3oC7dJ2p9u",
        "a=ice-options:trickle",
        "a=fingerprint:" + Fingerprint,
        "a=setup:actpass",
        "a=mid:1",
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
        "a=sendonly",
        "a=msid:stream video",
        "a=rtcp-mux",
        "a=rtcp-rsize",
        "a=rtpmap:96 VP8/90000",
        "a=rtcp-fb:96 goog-remb",
        "a=rtcp-fb:96 ccm fir",
        "a=rtcp-fb:96 nack",
        "a=rtcp-fb:96 nack pli",
        "a=rtpmap:97 rtx/90000",
        "a=fmtp:97 apt=96",
        "a=ssrc-group:FID 2231627014 632943048",
        "a=ssrc:2231627014 cname:Yq2dE5mD9vB0cH1k",
        "a=ssrc:632943048 cname:Yq2dE5mD9vB0cH1k",
        "") ;

    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task Post_ChromeOffer_CreatedWithAnswerLocationETagAndParticipant()
    {
        var roomId = await _client.CreateRoomAsync();

        var response = await PostOfferAsync(roomId, Offer, "Dana");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/sdp", response.Content.Headers.ContentType?.MediaType);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.Contains("a=ice-lite", answer, StringComparison.Ordinal);
        Assert.Contains("a=setup:passive", answer, StringComparison.Ordinal);
        Assert.Contains("a=fingerprint:sha-256 ", answer, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:96 VP8/90000", answer, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:111 opus/48000/2", answer, StringComparison.Ordinal);
        Assert.Contains("a=recvonly", answer, StringComparison.Ordinal);
        Assert.Contains("a=candidate:", answer, StringComparison.Ordinal);
        var location = response.Headers.Location!.OriginalString;
        Assert.Matches("^/v2/whip/sessions/[A-Za-z0-9_-]{16,}$", location);
        Assert.NotNull(response.Headers.ETag);
        Assert.Contains("Location", response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);

        var participant = Assert.Single((await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants")).EnumerateArray());
        Assert.Equal("Dana", participant.GetProperty("name").GetString());
        Assert.Equal("webrtc", participant.GetProperty("kind").GetString());
        Assert.Equal("vp8", participant.GetProperty("video").GetProperty("codec").GetString());
        Assert.True(participant.GetProperty("transport").TryGetProperty("packets", out _));

        var deleted = await _client.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(0, (await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync(location)).StatusCode);
    }

    [Fact]
    public async Task Post_WrongContentType_UnsupportedMediaType()
    {
        var roomId = await _client.CreateRoomAsync();

        var response = await _client.PostAsync($"/v2/rooms/{roomId}/whip", new StringContent(Offer, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("Content-Type", (await response.ProblemAsync()).ErrorFields());
    }

    [Fact]
    public async Task Post_UnknownRoom_NotFound()
    {
        var response = await PostOfferAsync("nope-nope-nope", Offer);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("roomId", (await response.ProblemAsync()).ErrorFields());
    }

    [Theory]
    [InlineData("not an sdp")]
    [InlineData("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n")]
    [InlineData("")]
    public async Task Post_BadOffer_BadRequestSayingWhy(string offer)
    {
        var roomId = await _client.CreateRoomAsync();

        var response = await PostOfferAsync(roomId, offer);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.StartsWith("The SDP offer was refused", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants")).GetArrayLength());
    }

    [Fact]
    public async Task Post_OfferWithoutFingerprint_BadRequest()
    {
        var roomId = await _client.CreateRoomAsync();

        var response = await PostOfferAsync(roomId, Offer.Replace("a=fingerprint:" + Fingerprint + "\r\n", "", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Options_Preflight_AcceptPostAndCors()
    {
        var roomId = await _client.CreateRoomAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, $"/v2/rooms/{roomId}/whip");
        request.Headers.Add("Origin", "https://studio.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");

        var response = await _client.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("application/sdp", response.Headers.GetValues("Accept-Post").Single());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_TrickleRestartAndPreconditions_PerRfc9725()
    {
        var roomId = await _client.CreateRoomAsync();
        var created = await PostOfferAsync(roomId, Offer);
        var location = created.Headers.Location!.OriginalString;
        var etag = created.Headers.ETag!.Tag;
        const string fragment = "a=ice-ufrag:Xk3v\r\na=ice-pwd:Qm0Bq4zjJYv1mS3oC7dJ2p9u\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\na=candidate:1 1 udp 2130706431 192.0.2.1 50000 typ host\r\n";

        Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(location, fragment, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PatchAsync(location, fragment, "\"other\"")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PatchAsync(location, fragment, "*")).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await PatchAsync(location, fragment, etag, "application/sdp")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PatchAsync("/v2/whip/sessions/unknown", fragment, etag)).StatusCode);
        await _client.DeleteAsync(location);
    }

    private Task<HttpResponseMessage> PostOfferAsync(string roomId, string offer, string? name = null) =>
        _client.PostAsync(
            $"/v2/rooms/{roomId}/whip" + (name is null ? "" : "?name=" + Uri.EscapeDataString(name)),
            new StringContent(offer, Encoding.UTF8, "application/sdp"));

    private Task<HttpResponseMessage> PatchAsync(string location, string fragment, string ifMatch, string type = "application/trickle-ice-sdpfrag")
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new StringContent(fragment, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(type);
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return _client.SendAsync(request);
    }
}
