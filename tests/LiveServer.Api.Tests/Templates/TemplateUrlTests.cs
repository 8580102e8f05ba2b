using System.Net;
using System.Net.Http.Json;
using LiveServer.Api.Templates;

namespace LiveServer.Api.Tests.Templates;

/// <summary>
/// <c>templateUrl</c> is checked before anything starts: http(s) only, and no loopback, link-local or
/// private host unless <c>Templates:AllowedHosts</c> lists it; a refusal is a 400 naming the field.
/// </summary>
public sealed class TemplateUrlTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Theory]
    [InlineData("file:///etc/passwd", "http or https")]
    [InlineData("javascript:alert(1)", "http or https")]
    [InlineData("ftp://example.com/t.html", "http or https")]
    [InlineData("not a url", "absolute")]
    [InlineData("/templates/example.html", "http or https")]
    [InlineData("http://user:pass@example.com/", "user name")]
    [InlineData("http://127.0.0.1:8080/t.html", "127.0.0.1")]
    [InlineData("http://localhost/t.html", "localhost")]
    [InlineData("http://app.localhost/t.html", "app.localhost")]
    [InlineData("http://10.1.2.3/t.html", "10.1.2.3")]
    [InlineData("http://172.16.0.9/t.html", "172.16.0.9")]
    [InlineData("http://192.168.1.1/t.html", "192.168.1.1")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254")]
    [InlineData("http://100.64.0.1/t.html", "100.64.0.1")]
    [InlineData("http://0.0.0.0/t.html", "0.0.0.0")]
    [InlineData("http://[::1]/t.html", "::1")]
    [InlineData("http://[fd00::1]/t.html", "fd00::1")]
    [InlineData("http://[fe80::1]/t.html", "fe80::1")]
    [InlineData("http://[::ffff:127.0.0.1]/t.html", "127.0.0.1")]
    [InlineData("http://2130706433/t.html", "127.0.0.1")]
    public async Task Start_RefusedTemplateUrl_BadRequestNamingField(string templateUrl, string reasonPart)
    {
        var roomId = await _client.CreateRoomAsync();

        var response = await _client.PostAsJsonAsync("/v2/hls/start", new { roomId, templateUrl });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal(["templateUrl"], problem.ErrorFields());
        Assert.Contains(reasonPart, problem.ErrorText("templateUrl"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/v2/hls/{roomId}/active")).StatusCode);
    }

    [Fact]
    public async Task Start_TooLongTemplateUrl_BadRequest()
    {
        var roomId = await _client.CreateRoomAsync();
        var templateUrl = "https://example.com/" + new string('a', TemplateUrlPolicy.MaxUrlLength);

        var response = await _client.PostAsJsonAsync("/v2/hls/start", new { roomId, templateUrl });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["templateUrl"], (await response.ProblemAsync()).ErrorFields());
    }

    [Fact]
    public async Task Start_TemplateInAudioMode_BadRequest()
    {
        var roomId = await _client.CreateRoomAsync();

        var response = await _client.PostAsJsonAsync(
            "/v2/hls/start", new { roomId, templateUrl = "https://93.184.215.14/t.html", config = new { mode = "audio" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["templateUrl"], (await response.ProblemAsync()).ErrorFields());
    }

    [Fact]
    public async Task Patch_RefusedTemplateUrl_BadRequestNamingField()
    {
        var response = await _client.PatchAsJsonAsync("/v2/hls/hls-nope/config", new { templateUrl = "http://192.168.0.1/" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["templateUrl"], (await response.ProblemAsync()).ErrorFields());
    }
}
