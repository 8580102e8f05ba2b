using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace LiveServer.Api.Tests;

/// <summary>Every refused livestream request gets a ProblemDetails naming what was wrong, and changes nothing.</summary>
public sealed class HlsApiValidationTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task Start_UnknownRoom_NotFoundNamingRoomId()
    {
        var response = await _client.PostAsJsonAsync("/v2/hls/start", new { roomId = "nope-nope-nope" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("roomId", (await response.ProblemAsync()).ErrorFields());
    }

    [Fact]
    public async Task Start_MissingRoomId_BadRequest()
    {
        var response = await _client.PostAsJsonAsync("/v2/hls/start", new { });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("roomId", (await response.ProblemAsync()).ErrorFields());
    }

    [Theory]
    [InlineData("""{"layout":{"type":"MOSAIC"}}""", "config.layout.type")]
    [InlineData("""{"layout":{"priority":"LOUDEST"}}""", "config.layout.priority")]
    [InlineData("""{"layout":{"gridSize":0}}""", "config.layout.gridSize")]
    [InlineData("""{"layout":{"gridSize":26}}""", "config.layout.gridSize")]
    [InlineData("""{"layout":{"fit":"stretch"}}""", "config.layout.fit")]
    [InlineData("""{"theme":"NEON"}""", "config.theme")]
    [InlineData("""{"mode":"video"}""", "config.mode")]
    [InlineData("""{"quality":"ultra"}""", "config.quality")]
    [InlineData("""{"orientation":"square"}""", "config.orientation")]
    public async Task Start_InvalidConfig_BadRequestNamingField(string config, string field)
    {
        var roomId = await _client.CreateRoomAsync();

        var response = await PostJsonAsync("/v2/hls/start", $$"""{"roomId":"{{roomId}}","config":{{config}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await response.ProblemAsync()).ErrorFields());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/v2/hls/{roomId}/active")).StatusCode);
    }

    [Fact]
    public async Task Start_GridSizeNotANumber_BadRequestNamingField()
    {
        var roomId = await _client.CreateRoomAsync();

        var response = await PostJsonAsync("/v2/hls/start", "{\"roomId\":\"" + roomId + "\",\"config\":{\"layout\":{\"gridSize\":\"big\"}}}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("config.layout.gridSize", (await response.ProblemAsync()).ErrorFields());
    }

    [Theory]
    [InlineData("{\"roomId\":")]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    public async Task Start_MalformedJson_BadRequest(string body)
    {
        var response = await PostJsonAsync("/v2/hls/start", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.NotEmpty(problem.ErrorFields());
    }

    [Fact]
    public async Task Start_ConfigCaseInsensitive_Accepted()
    {
        var parsed = LiveServer.Domain.Livestreams.LivestreamConfigParser.Parse(
            new(new("grid", "pin", 2), "dark", "VIDEO-AND-AUDIO", "LOW", "Portrait"));

        Assert.True(parsed.IsValid);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task End_NoneRunning_NotFoundNamingRoomId()
    {
        var roomId = await _client.CreateRoomAsync();

        var response = await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("roomId", (await response.ProblemAsync()).ErrorFields());
    }

    [Fact]
    public async Task Get_UnknownId_NotFound()
    {
        var response = await _client.GetAsync("/v2/hls/hls-0000000000000000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("id", (await response.ProblemAsync()).ErrorFields());
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("perPage=0")]
    [InlineData("perPage=101")]
    public async Task List_BadPaging_BadRequest(string query)
    {
        var response = await _client.GetAsync("/v2/hls?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task List_UnknownRoom_EmptyPage()
    {
        var page = await _client.GetFromJsonAsync<JsonElement>("/v2/hls?roomId=nobody-here&page=1&perPage=5");

        Assert.Equal(0, page.GetProperty("data").GetArrayLength());
        Assert.Equal(0, page.GetProperty("pageInfo").GetProperty("total").GetInt32());
        Assert.Equal(1, page.GetProperty("pageInfo").GetProperty("lastPage").GetInt32());
        Assert.Equal(5, page.GetProperty("pageInfo").GetProperty("perPage").GetInt32());
    }

    [Theory]
    [InlineData("/hls/hls-0000000000000000/index.m3u8")]
    [InlineData("/hls/..%2F..%2Fetc/passwd")]
    [InlineData("/hls/x/..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/hls/%2Fetc/passwd")]
    [InlineData("/hls/x/%2e%2e%2findex.m3u8")]
    public async Task HlsFiles_UnknownOrTraversal_NotFound(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        _client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
}
