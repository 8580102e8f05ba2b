using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using LiveServer.TestKit;

namespace LiveServer.EndToEnd.Tests;

/// <summary>
/// With a certificate configured (Kestrel:Certificates:Default, as the README says), the server speaks
/// HTTP/2 over TLS (ALPN), which Safari's LL-HLS needs, and HTTP/1.1 on the same endpoint and on the
/// plain one: the API and a livestream's playlists and parts over each.
/// </summary>
[Collection("server")]
public sealed class Http2Tests : IDisposable
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);
    private readonly string _certificatePath = Path.Combine(Path.GetTempPath(), $"liveserver-tls-{Guid.NewGuid():N}.pfx");
    private readonly string _thumbprint;

    public Http2Tests()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(_certificatePath, certificate.Export(X509ContentType.Pfx, "test"));
        _thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }

    [Fact]
    public async Task Tls_ServesHttp2AndHttp11_PlainServesHttp11()
    {
        await using var server = await ServerProcess.StartWithHttpsAsync(_certificatePath, "test");
        var roomId = (await (await server.Client.PostAsJsonAsync("/v2/rooms", new { })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roomId").GetString()!;
        await using var states = await server.RecordHlsStatesAsync(roomId);
        await server.Client.PostAsJsonAsync("/v2/hls/start", new { roomId, config = new { mode = "audio" } });
        var playable = await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        var media = $"/hls/{playable.Id}/audio_live.m3u8";

        using var h2 = Client(server.HttpsAddress!, HttpVersion.Version20);
        using var h1 = Client(server.HttpsAddress!, HttpVersion.Version11);
        foreach (var (client, version) in new[] { (h2, HttpVersion.Version20), (h1, HttpVersion.Version11), (server.Client, HttpVersion.Version11) })
        {
            foreach (var path in new[] { "/health", $"/hls/{playable.Id}/live.m3u8", media })
            {
                using var response = await client.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(version, response.Version);
            }
        }

        // A blocking reload and the part it waited for, over HTTP/2.
        var playlist = await h2.GetStringAsync(media);
        var hint = PlaylistText.PreloadHint(playlist);
        using var part = await h2.GetAsync($"/hls/{playable.Id}/{hint}");
        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (part.StatusCode, part.Version));

        await server.Client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
    }

    public void Dispose() => File.Delete(_certificatePath);

    /// <summary>A client that trusts exactly the test's own certificate.</summary>
    private HttpClient Client(Uri baseAddress, Version version)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is X509Certificate2 presented && presented.GetCertHashString(HashAlgorithmName.SHA256) == _thumbprint,
            },
        };
        return new HttpClient(handler)
        {
            BaseAddress = baseAddress,
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }
}
