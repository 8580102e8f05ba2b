using LiveServer.TestKit;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveServer.Browser.Tests;

/// <summary>The pages' access token: from the link or the token field, remembered, and refusals shown.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TokenPageTests(BrowserFixture browser, ServerFixture server, ITestOutputHelper output)
{
    [Fact(Timeout = 60_000)]
    public async Task WatchWithoutToken_Shows401AtTheTokenField_ThenWorksWithAPastedToken()
    {
        var roomId = await server.CreateRoomAsync();
        await using var watch = await browser.NewPageAsync(server.Server.BaseAddress, output);
        var page = watch.Page;

        await page.GotoAsync($"/watch.html?room={roomId}");

        await Expect(page.Locator("#token-status")).ToContainTextAsync("needs an access token (401)");
        await Expect(page.Locator("#error")).ToContainTextAsync("401");
        await page.GetByLabel("Access token").FillAsync(TestTokens.Default);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("#connection")).ToContainTextAsync("Connected");
        await Expect(page.Locator("#error")).ToBeHiddenAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task TokenFromTheLink_IsRememberedAndTakenOutOfTheAddress()
    {
        var roomId = await server.CreateRoomAsync();
        await using var watch = await browser.NewPageAsync(server.Server.BaseAddress, output);
        var page = watch.Page;

        await page.GotoAsync($"/?token={TestTokens.Default}");
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);
        await page.GotoAsync($"/watch.html?room={roomId}");

        await Expect(page.Locator("#connection")).ToContainTextAsync("Connected");
        Assert.Equal(TestTokens.Default, await page.EvaluateAsync<string>("() => localStorage.getItem('liveserver.token')"));
    }

    [Fact(Timeout = 60_000)]
    public async Task WatchWithCrawlerTokenOfAnotherRoom_Shows403()
    {
        var roomId = await server.CreateRoomAsync();
        await using var watch = await browser.NewPageAsync(server.Server.BaseAddress, output);
        var page = watch.Page;

        await page.GotoAsync($"/watch.html?room={roomId}&token={TestTokens.Crawler("another-room")}");

        await Expect(page.Locator("#token-status")).ToContainTextAsync("(403)");
    }
}
