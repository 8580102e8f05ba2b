using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveServer.Browser.Tests;

/// <summary>
/// The stage on watch.html in real Chromium with its fake camera and microphone: a viewer raises its
/// hand, the moderator sees it and invites, the viewer accepts and publishes over WHIP with the invite's
/// token (the same WHIP code as publish.html), shows up among the hosts, and the moderator takes it off.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StagePageTests(BrowserFixture browser, ServerFixture server, ITestOutputHelper output)
{
    [Fact(Timeout = 90_000)]
    public async Task RaiseHand_Invite_Accept_PublishesAsAHost_ThenTheModeratorRemovesIt()
    {
        await using var room = await AudienceRoom.OpenAsync(browser, server, output, ["Viv", "Walt"], "Hana");
        var viv = room.Viewers[0];
        var moderator = room.Moderator.Page;

        await viv.Page.Locator("#raise-hand").ClickAsync();
        await Expect(viv.Page.Locator("#raise-hand")).ToHaveAttributeAsync("aria-pressed", "true");
        var hand = moderator.Locator($"#raised-hands li[data-participant-id='{viv.ParticipantId}']");
        await Expect(hand).ToContainTextAsync("Viv");

        // The other viewer gets no invite, and no list of hands.
        await Expect(room.Viewers[1].Page.Locator("#raised-hands")).ToBeHiddenAsync();

        await hand.GetByRole(AriaRole.Button, new() { Name = "Invite Viv on stage" }).ClickAsync();
        await Expect(hand).ToHaveCountAsync(0);
        await Expect(viv.Page.Locator("#stage-invite")).ToBeVisibleAsync();
        await Expect(room.Viewers[1].Page.Locator("#stage-invite")).ToBeHiddenAsync();

        await viv.Page.Locator("#stage-accept").ClickAsync();

        await Expect(viv.Page.Locator("#stage-status")).ToHaveTextAsync("You are on stage.", new() { Timeout = 30_000 });
        await Expect(viv.Page.Locator("#stage-preview")).ToBeVisibleAsync();
        foreach (var page in room.Pages)
        {
            await Expect(page.Locator($"#participants li[data-participant-id='{viv.ParticipantId}']")).ToContainTextAsync("Viv");
            await Expect(page.Locator("#participant-count")).ToHaveTextAsync("(2)");
        }

        var onStage = (await server.ParticipantsAsync(room.RoomId)).Single(p => p.GetProperty("participantId").GetString() == viv.ParticipantId);
        Assert.Equal("webrtc", onStage.GetProperty("kind").GetString());

        await moderator.Locator($"#participants li[data-participant-id='{viv.ParticipantId}']")
            .GetByRole(AriaRole.Button, new() { Name = "Remove Viv from the stage" }).ClickAsync();

        await Expect(viv.Page.Locator("#stage-status")).ToHaveTextAsync("A moderator took you off the stage.");
        await Expect(viv.Page.Locator("#stage-preview")).ToBeHiddenAsync();
        await Expect(viv.Page.Locator("#raise-hand")).ToBeEnabledAsync();
        foreach (var page in room.Pages)
        {
            await Expect(page.Locator($"#participants li[data-participant-id='{viv.ParticipantId}']")).ToHaveCountAsync(0);
            await Expect(page.Locator("#participant-count")).ToHaveTextAsync("(1)");
        }

        await Expect(moderator.Locator("#hosts-error")).ToBeHiddenAsync();
        Assert.DoesNotContain(await server.ParticipantsAsync(room.RoomId), p => p.GetProperty("participantId").GetString() == viv.ParticipantId);
    }
}
