using LiveServer.Api.Auth;
using LiveServer.TestKit;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveServer.Browser.Tests;

/// <summary>
/// A room with a moderator's watch page and viewers' watch pages open in it, each in its own browser
/// context with its own token: the moderator's (role crawler, for this room, named
/// <see cref="ModeratorName"/>) and each viewer's (role viewer, for this room, its own participant id
/// and name). Every page has joined the room (its connection line says Connected) when this is returned.
/// </summary>
public sealed class AudienceRoom : IAsyncDisposable
{
    /// <summary>The moderator's display name.</summary>
    public const string ModeratorName = "Mona Moderator";

    private readonly List<BrowserPage> _pages = [];

    private AudienceRoom(string roomId) => RoomId = roomId;

    /// <summary>The room.</summary>
    public string RoomId { get; }

    /// <summary>The moderator's page.</summary>
    public BrowserPage Moderator { get; private set; } = null!;

    /// <summary>The viewers' pages, in the order their names were given.</summary>
    public IReadOnlyList<AudienceViewer> Viewers { get; private set; } = [];

    /// <summary>Every page: the moderator's first, then the viewers'.</summary>
    public IEnumerable<IPage> Pages => _pages.Select(p => p.Page);

    /// <summary>
    /// Creates a room (with the synthetic hosts named in <paramref name="hosts"/>), opens the moderator's
    /// page and one page per viewer name, and waits until each has joined.
    /// </summary>
    public static async Task<AudienceRoom> OpenAsync(
        BrowserFixture browser, ServerFixture server, ITestOutputHelper output, string[] viewers, params string[] hosts)
    {
        var room = new AudienceRoom(await server.CreateRoomAsync());
        foreach (var host in hosts)
        {
            await server.AddTestParticipantAsync(room.RoomId, new { name = host, width = 160, height = 90, fps = 10 });
        }

        try
        {
            room.Moderator = await room.OpenPageAsync(browser, server, output, ModeratorToken(room.RoomId));
            var opened = new List<AudienceViewer>();
            for (var i = 0; i < viewers.Length; i++)
            {
                var participantId = $"viewer-{i + 1}-{Guid.NewGuid():N}"[..20];
                var page = await room.OpenPageAsync(browser, server, output, ViewerToken(room.RoomId, participantId, viewers[i]));
                opened.Add(new AudienceViewer(page, participantId, viewers[i]));
            }

            room.Viewers = opened;
            return room;
        }
        catch
        {
            await room.DisposeAsync();
            throw;
        }
    }

    /// <summary>A moderator's token for <paramref name="roomId"/>: role crawler (allow_mod), no participant.</summary>
    public static string ModeratorToken(string roomId) =>
        TestTokens.Issue(TokenClaims.ForRoles([TokenClaims.CrawlerRole], DateTimeOffset.UtcNow, TimeSpan.FromHours(1), roomId, name: ModeratorName));

    /// <summary>A viewer's token for <paramref name="roomId"/> as <paramref name="participantId"/> named <paramref name="name"/>.</summary>
    public static string ViewerToken(string roomId, string participantId, string name) =>
        TestTokens.Issue(TokenClaims.ForRoles([TokenClaims.ViewerRole], DateTimeOffset.UtcNow, TimeSpan.FromHours(1), roomId, participantId, name: name));

    /// <summary>Opens one more watch page of the room with <paramref name="token"/> and waits until it has joined.</summary>
    public async Task<BrowserPage> OpenPageAsync(BrowserFixture browser, ServerFixture server, ITestOutputHelper output, string token)
    {
        var page = await browser.NewPageAsync(server.Server.BaseAddress, output);
        _pages.Add(page);
        await page.Page.GotoAsync($"/watch.html?room={RoomId}&token={Uri.EscapeDataString(token)}");
        await Expect(page.Page.Locator("#connection")).ToContainTextAsync("Connected");
        return page;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.DisposeAsync();
        }
    }
}

/// <summary>A viewer's page in an <see cref="AudienceRoom"/>.</summary>
/// <param name="Browser">The page.</param>
/// <param name="ParticipantId">The participant id its token names.</param>
/// <param name="Name">The display name its token carries.</param>
public sealed record AudienceViewer(BrowserPage Browser, string ParticipantId, string Name)
{
    /// <summary>The page itself.</summary>
    public IPage Page => Browser.Page;
}
