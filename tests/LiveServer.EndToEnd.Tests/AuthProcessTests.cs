using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using LiveServer.Api.Auth;
using LiveServer.TestKit;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

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

        var validation = await ValidateAsync(LastLine(output), TestTokens.Secret, "key-7");

        Assert.Null(validation.Failure);
        Assert.Equal(["rtc"], validation.Claims!.Roles);
        Assert.Equal(["allow_join"], validation.Claims.Permissions);
        Assert.Equal(("studio", "ann", "key-7"), (validation.Claims.RoomId, validation.Claims.ParticipantId, validation.Claims.ApiKey));
        Assert.InRange(validation.Claims.Expires - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(110), TimeSpan.FromMinutes(121));
    }

    [Fact]
    public async Task TokenSubcommand_Viewer_CarriesRoomParticipantAndNameAndNoPermission()
    {
        var (exitCode, output, error) = await ServerProcess.RunToExitAsync(
            ["token", "--role", "viewer", "--room", "studio", "--participant", "v-1", "--name", "Ann Example"],
            new Dictionary<string, string?> { ["Auth__Secret"] = TestTokens.Secret },
            ExitTimeout);
        Assert.True(exitCode == 0, error);

        var validation = await ValidateAsync(LastLine(output), TestTokens.Secret, null);

        Assert.Null(validation.Failure);
        Assert.Equal(["viewer"], validation.Claims!.Roles);
        Assert.Empty(validation.Claims.Permissions);
        Assert.Equal(("studio", "v-1", "Ann Example"), (validation.Claims.RoomId, validation.Claims.ParticipantId, validation.Claims.Name));
    }

    [Fact]
    public async Task TokenSubcommand_ViewerWithoutRoom_RefusedSayingWhy()
    {
        var (exitCode, output, error) = await ServerProcess.RunToExitAsync(
            ["token", "--role", "viewer", "--name", "Ann"], new Dictionary<string, string?> { ["Auth__Secret"] = TestTokens.Secret }, ExitTimeout);

        Assert.Equal(2, exitCode);
        Assert.Contains("--role viewer needs --room", error, StringComparison.Ordinal);
        Assert.Equal("", output.Trim());
    }

    [Theory]
    [InlineData("--role", "admin")]
    [InlineData("--role", "viewer")]
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
            ["token", "--role", "crawler"],
            new Dictionary<string, string?> { ["Auth__Secret"] = null, ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = null },
            ExitTimeout);

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

    [Fact]
    public async Task Development_WithoutSecret_TokenCommandSignsWithTheKeptSecret_AndItsTokenSurvivesARestart()
    {
        var storage = Path.Combine(Path.GetTempPath(), "liveserver-e2e", Guid.NewGuid().ToString("N"));
        var development = new[] { ("ASPNETCORE_ENVIRONMENT", "Development"), ("Auth__Secret", "") };
        try
        {
            string token;
            await using (var first = await ServerProcess.StartOnAsync(storage, development))
            {
                var secretFile = Path.Combine(storage, DevelopmentSecret.FileName);
                Assert.True(File.Exists(secretFile), first.Output);
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretFile));
                }

                Assert.DoesNotContain(File.ReadAllText(secretFile).Trim(), first.Output, StringComparison.Ordinal);

                var (exitCode, output, error) = await ServerProcess.RunToExitAsync(
                    ["token", "--role", "crawler", "--ttl", "10m"],
                    new Dictionary<string, string?>
                    {
                        ["ASPNETCORE_ENVIRONMENT"] = "Development",
                        ["Auth__Secret"] = null,
                        ["Storage__Database"] = Path.Combine(storage, "liveserver.db"),
                    },
                    ExitTimeout);
                Assert.True(exitCode == 0, error);
                token = LastLine(output);
                Assert.Equal(HttpStatusCode.NotFound, (await GetWithAsync(first, token, "/v2/rooms/none")).StatusCode);
            }

            await using var second = await ServerProcess.StartOnAsync(storage, development);

            Assert.Equal(HttpStatusCode.NotFound, (await GetWithAsync(second, token, "/v2/rooms/none")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithAsync(second, "not-a-token", "/v2/rooms/none")).StatusCode);
        }
        finally
        {
            Directory.Delete(storage, recursive: true);
        }
    }

    private static async Task<HttpResponseMessage> GetWithAsync(ServerProcess server, string token, string path)
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return await client.GetAsync(path);
    }

    private static string LastLine(string output) => output.TrimEnd().Split('\n')[^1].Trim();

    /// <summary>Checks a token as the server does: JwtBearer's token handler with the server's parameters, then its claims.</summary>
    private static async Task<TokenValidation> ValidateAsync(string token, string secret, string? apiKey)
    {
        var handler = new JwtBearerOptions { MapInboundClaims = false }.TokenHandlers.Single();
        var result = await handler.ValidateTokenAsync(
            token, TokenBearerOptions.ValidationParameters(Encoding.UTF8.GetBytes(secret), TimeSpan.Zero, TimeProvider.System));
        return result.IsValid
            ? TokenPayload.Read((JsonWebToken)result.SecurityToken, apiKey)
            : TokenValidation.Refused(TokenBearerEvents.ReasonFor(result.Exception));
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/\?token=(?<token>[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)")]
    private static partial Regex PageUrl();
}
