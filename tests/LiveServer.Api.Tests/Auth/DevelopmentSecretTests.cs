using System.Net;
using System.Net.Http.Json;
using LiveServer.Api.Auth;
using LiveServer.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace LiveServer.Api.Tests.Auth;

/// <summary>Development without <c>Auth:Secret</c>: the secret kept beside the database, across restarts.</summary>
public sealed class DevelopmentSecretTests
{
    [Fact]
    public async Task Development_WithoutSecret_KeepsItInTheDataFolder_SoTokensSurviveARestart()
    {
        var data = Path.Combine(Path.GetTempPath(), "liveserver-tests", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Auth:Secret"] = "", ["Storage:Database"] = Path.Combine(data, "liveserver.db") };
        try
        {
            string token;
            await using (var first = new LiveServerFactory(settings))
            {
                var secret = first.Services.GetRequiredService<DevelopmentSecret>();
                var file = Path.Combine(data, DevelopmentSecret.FileName);
                Assert.Equal(file, secret.FilePath);
                Assert.Equal(secret.Generated, (await File.ReadAllTextAsync(file)).Trim());
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
                }

                token = new JwtTokenIssuer(secret.Generated!).Issue(TokenClaims.ForRoles([TokenClaims.CrawlerRole], DateTimeOffset.UtcNow, TimeSpan.FromHours(1)));
                using var client = first.CreateClientWith("Bearer " + token);
                Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/v2/rooms", new { })).StatusCode);
            }

            await using var second = new LiveServerFactory(settings);
            using var again = second.CreateClientWith("Bearer " + token);

            Assert.Equal(HttpStatusCode.Created, (await again.PostAsJsonAsync("/v2/rooms", new { })).StatusCode);
            Assert.False(second.Services.GetRequiredService<DevelopmentSecret>().Created);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Development_WithSecret_MakesNoFile()
    {
        await using var factory = new LiveServerFactory();
        using var client = factory.CreateClientWith("Bearer " + TestTokens.Crawler());

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/v2/rooms", new { })).StatusCode);
        Assert.Null(factory.Services.GetRequiredService<DevelopmentSecret>().Generated);
        Assert.False(File.Exists(Path.Combine(factory.StoragePath, DevelopmentSecret.FileName)));
    }

    [Fact]
    public void ReadOrCreate_SecondCall_ReadsTheSameSecret_AnEmptyFileIsAnError()
    {
        var data = Path.Combine(Path.GetTempPath(), "liveserver-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var database = Path.Combine(data, "liveserver.db");
            var first = DevelopmentSecret.ReadOrCreate(database);

            Assert.Equal(first, DevelopmentSecret.ReadOrCreate(database));
            Assert.True(first.Length >= AuthOptions.MinimumSecretBytes);
            Assert.Empty(Directory.GetFiles(data, "*.tmp"));
            File.WriteAllText(DevelopmentSecret.PathFor(database), "\n");
            Assert.Throws<IOException>(() => DevelopmentSecret.ReadOrCreate(database));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
