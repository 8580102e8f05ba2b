using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using LiveServer.Api.Auth;
using LiveServer.TestKit;

namespace LiveServer.EndToEnd.Tests;

/// <summary>The server executable's token subcommand and its start without a secret, run as processes.</summary>
[Collection("server")]
public sealed partial class AuthProcessTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TokenSubcommand_PrintsATokenOnItsLastLineThatTheServerAccepts()
    {
        var (exitCode, output, error) = await ServerProcess.RunToExitAsync(
            ["token", "--role", "crawler", "--ttl", "10m"], new Dictionary<string, string?> { ["Auth__Secret"] = TestTokens.Secret }, ExitTimeout);
        Assert.True(exitCode == 0, error);
        var token = output.TrimEnd().Split('\n')[^1].Trim();
        await using var server = await ServerProcess.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v2/rooms/none")).StatusCode);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v2/rooms/none")).StatusCode);
    }

    [Fact]
    public async Task TokenSubcommand_RoomParticipantAndTtl_AreInTheToken()
    {
        var (exitCode, output, error) = await ServerProcess.RunToExitAsync(
            ["token", "--role", "rtc", "--room", "studio", "--participant", "ann", "--ttl", "2h"],
            new Dictionary<string, string?> { ["Auth__Secret"] = TestTokens.Secret, ["Auth__ApiKey"] = "key-7" },
            ExitTimeout);
        Assert.True(exitCode == 0, error);

        var validation = new JwtTokenValidator(Encoding.UTF8.GetBytes(TestTokens.Secret), "key-7", TimeSpan.Zero, TimeProvider.System)
            .Validate(output.TrimEnd().Split('\n')[^1].Trim());

        Assert.Null(validation.Failure);
        Assert.Equal(["rtc"], validation.Claims!.Roles);
        Assert.Equal(["allow_join"], validation.Claims.Permissions);
        Assert.Equal(("studio", "ann", "key-7"), (validation.Claims.RoomId, validation.Claims.ParticipantId, validation.Claims.ApiKey));
        Assert.InRange(validation.Claims.Expires - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(110), TimeSpan.FromMinutes(121));
    }

    [Theory]
    [InlineData("--role", "admin")]
    [InlineData("--room", "studio")]
    [InlineData("--role", "crawler", "--ttl", "forever")]
    [InlineData("--role")]
    [InlineData("--role", "crawler", "--unknown", "x")]
    public async Task TokenSubcommand_BadArguments_UsageOnStandardErrorAndNonZeroExit(params string[] args)
    {
        var (exitCode, output, error) = await ServerProcess.RunToExitAsync(
            ["token", .. args], new Dictionary<string, string?> { ["Auth__Secret"] = TestTokens.Secret }, ExitTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Usage: LiveServer token --role", error, StringComparison.Ordinal);
        Assert.Equal("", output.Trim());
    }

    [Fact]
    public async Task TokenSubcommand_Help_UsageOnStandardOutputAndExitZero()
    {
        var (exitCode, output, _) = await ServerProcess.RunToExitAsync(["token", "--help"], new Dictionary<string, string?>(), ExitTimeout);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("Usage: LiveServer token --role", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChunkedBodyOverTheLimit_413ProblemFromKestrel()
    {
        await using var server = await ServerProcess.StartAsync(("Limits__MaxRequestBodySize", "1024"));
        var body = new StringContent($$"""{"customRoomId":"{{new string('a', 4000)}}"}""", Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/rooms") { Content = body };
        request.Headers.TransferEncodingChunked = true;

        var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TokenSubcommand_NoSecret_ErrorNamesAuthSecret()
    {
        var (exitCode, _, error) = await ServerProcess.RunToExitAsync(
            ["token", "--role", "crawler"], new Dictionary<string, string?> { ["Auth__Secret"] = null }, ExitTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Auth:Secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_WithoutSecret_RefusesToStartNamingAuthSecret()
    {
        var (exitCode, output, error) = await ServerProcess.RunToExitAsync(
            ["--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Auth__Secret"] = null },
            ExitTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Auth:Secret", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_WithoutSecret_LogsATokenAndThePageUrlThatWork()
    {
        await using var server = await ServerProcess.StartAsync(("ASPNETCORE_ENVIRONMENT", "Development"), ("Auth__Secret", ""));

        var match = PageUrl().Match(server.Output);

        Assert.True(match.Success, server.Output);
        Assert.StartsWith(server.BaseAddress.ToString().TrimEnd('/'), match.Value, StringComparison.Ordinal);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", match.Groups["token"].Value);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v2/rooms/none")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync("/v2/rooms/none")).StatusCode);
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/\?token=(?<token>[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)")]
    private static partial Regex PageUrl();
}
