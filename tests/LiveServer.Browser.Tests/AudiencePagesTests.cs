using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveServer.Browser.Tests;

/// <summary>
/// watch.html as the audience and the moderator use it, in real Chromium against the real server: one
/// moderator's page and two viewers' pages in one room (three browser contexts, three tokens). Chat,
/// polls, questions, reactions, gifts, bans, what each role is shown, and user text with markup in it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AudiencePagesTests(BrowserFixture browser, ServerFixture server, ITestOutputHelper output)
{
    [Fact(Timeout = 60_000)]
    public async Task Roles_ViewerSeesNoModeratorControls_ModeratorSeesThem()
    {
        await using var room = await AudienceRoom.OpenAsync(browser, server, output, ["Viv"]);
        var viewer = room.Viewers[0].Page;
        var moderator = room.Moderator.Page;

        foreach (var id in new[] { "#controls", "#poll-form", "#raised-hands", "#bans" })
        {
            await Expect(viewer.Locator(id)).ToBeHiddenAsync();
            await Expect(moderator.Locator(id)).ToBeVisibleAsync();
        }

        await Expect(viewer.Locator("#raise-hand")).ToBeVisibleAsync();
        await Expect(moderator.Locator("#raise-hand")).ToBeHiddenAsync();
        foreach (var page in room.Pages)
        {
            await Expect(page.Locator("#chat-form")).ToBeVisibleAsync();
            await Expect(page.Locator("#reactions button")).ToHaveCountAsync(4);
            await Expect(page.Locator("#question-form")).ToBeVisibleAsync();
            await Expect(page.Locator("#error")).ToBeHiddenAsync();
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Chat_GoesBothWays_HistoryFromTheSnapshot_DeletedMessagesVanish()
    {
        await using var room = await AudienceRoom.OpenAsync(browser, server, output, ["Viv", "Walt"]);
        var (viv, walt) = (room.Viewers[0].Page, room.Viewers[1].Page);

        await SendChatAsync(viv, "hello from Viv");
        await SendChatAsync(room.Moderator.Page, "welcome, everyone");
        await SendChatAsync(walt, "hi Viv");
        foreach (var page in room.Pages)
        {
            var messages = page.Locator("#chat li[data-message-id]");
            await Expect(messages).ToHaveCountAsync(3);
            await Expect(messages.Nth(0)).ToContainTextAsync("Viv");
            await Expect(messages.Nth(0)).ToContainTextAsync("hello from Viv");
            await Expect(messages.Nth(1)).ToContainTextAsync(AudienceRoom.ModeratorName);
            await Expect(messages.Nth(2)).ToContainTextAsync("Walt");
        }

        // A page opened later has the history from the snapshot.
        var late = await room.OpenPageAsync(browser, server, output, AudienceRoom.ViewerToken(room.RoomId, "late-viewer", "Lee"));
        await Expect(late.Page.Locator("#chat li[data-message-id]")).ToHaveCountAsync(3);
        await Expect(late.Page.Locator("#chat li[data-message-id]").Nth(2)).ToContainTextAsync("hi Viv");

        // Viewers get no delete buttons; the moderator's delete takes the message away everywhere.
        await Expect(viv.Locator("#chat button")).ToHaveCountAsync(0);
        await ChatMessage(room.Moderator.Page, "hello from Viv").Locator("button[data-action=delete]").ClickAsync();
        foreach (var page in room.Pages)
        {
            await Expect(ChatMessage(page, "hello from Viv")).ToHaveCountAsync(0);
            await Expect(page.Locator("#chat li[data-message-id]")).ToHaveCountAsync(2);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Poll_ModeratorOpens_ViewersVote_CountsOnAllPages_CloseShowsTheResult()
    {
        await using var room = await AudienceRoom.OpenAsync(browser, server, output, ["Viv", "Walt"]);
        var moderator = room.Moderator.Page;
        await moderator.Locator("#poll-question").FillAsync("Which song next?");
        await moderator.Locator("#poll-options").FillAsync("Blue Moon\nRed Rose\n");
        await moderator.Locator("#poll-open").ClickAsync();
        foreach (var page in room.Pages)
        {
            await Expect(page.Locator("#polls .poll .question")).ToHaveTextAsync("Which song next?");
            await Expect(page.Locator("#polls .poll-option")).ToHaveCountAsync(2);
        }

        await PollOption(room.Viewers[0].Page, "Red Rose").ClickAsync();
        await PollOption(room.Viewers[1].Page, "Blue Moon").ClickAsync();
        await PollOption(moderator, "Red Rose").ClickAsync();
        foreach (var page in room.Pages)
        {
            await Expect(PollOption(page, "Red Rose").Locator(".count")).ToHaveTextAsync("2");
            await Expect(PollOption(page, "Blue Moon").Locator(".count")).ToHaveTextAsync("1");
            await Expect(page.Locator("#polls .poll .total")).ToHaveTextAsync("3 votes");
        }

        // Voted: the viewer's buttons are done, its choice marked.
        await Expect(PollOption(room.Viewers[0].Page, "Blue Moon")).ToBeDisabledAsync();
        await Expect(PollOption(room.Viewers[0].Page, "Red Rose")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(room.Viewers[0].Page.Locator("#polls .close-poll")).ToHaveCountAsync(0);

        await moderator.Locator("#polls .close-poll").ClickAsync();
        foreach (var page in room.Pages)
        {
            var card = page.Locator("#polls .poll");
            await Expect(card).ToHaveAttributeAsync("data-status", "closed");
            await Expect(card.Locator(".closed-badge")).ToBeVisibleAsync();
            await Expect(card.Locator("li.winner")).ToHaveCountAsync(1);
            await Expect(card.Locator("li.winner")).ToContainTextAsync("Red Rose");
            await Expect(card.Locator(".poll-option").First).ToBeDisabledAsync();
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Reactions_ClickedOnAViewer_FloatOnTheOtherPages()
    {
        await using var room = await AudienceRoom.OpenAsync(browser, server, output, ["Viv", "Walt"]);
        await room.Viewers[0].Page.Locator("#reactions button[data-reaction=clap]").ClickAsync();

        foreach (var page in new[] { room.Viewers[1].Page, room.Moderator.Page })
        {
            await Expect(page.Locator("#reaction-layer")).ToHaveAttributeAsync("data-received-clap", "1");
            await Expect(page.Locator("#reaction-layer")).Not.ToHaveAttributeAsync("data-received-heart", new System.Text.RegularExpressions.Regex("."));
        }

        // The float itself: one emoji per reaction, gone once its animation ends.
        await room.Viewers[0].Page.Locator("#reactions button[data-reaction=heart]").ClickAsync();
        var floating = room.Viewers[1].Page.Locator("#reaction-layer .reaction-float[data-reaction=heart]");
        await Expect(floating).ToHaveCountAsync(1);
        await Expect(floating).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        await Expect(room.Moderator.Page.Locator("#reaction-layer")).ToHaveAttributeAsync("data-received-heart", "1");
    }

    [Fact(Timeout = 60_000)]
    public async Task Ban_ByTheModerator_ViewerPageSaysRemoved_AndCannotChat_ThenUnban()
    {
        await using var room = await AudienceRoom.OpenAsync(browser, server, output, ["Viv", "Walt"]);
        var walt = room.Viewers[1];
        await SendChatAsync(walt.Page, "buy cheap watches");
        await Expect(ChatMessage(room.Moderator.Page, "buy cheap watches")).ToHaveCountAsync(1);

        await ChatMessage(room.Moderator.Page, "buy cheap watches").Locator("button[data-action=ban]").ClickAsync();

        await Expect(walt.Page.Locator("#removed")).ToBeVisibleAsync();
        await Expect(walt.Page.Locator("#removed")).ToContainTextAsync("removed you from this room");
        await Expect(walt.Page.Locator("#chat-input")).ToBeDisabledAsync();
        await Expect(walt.Page.Locator("#chat-send")).ToBeDisabledAsync();
        await Expect(room.Viewers[0].Page.Locator("#removed")).ToBeHiddenAsync();
        var banned = room.Moderator.Page.Locator($"#bans li[data-participant-id='{walt.ParticipantId}']");
        await Expect(banned).ToContainTextAsync("Walt");

        // The server refuses the banned token, whatever the page shows.
        Assert.Equal(HttpStatusCode.Forbidden, await ChatOverRestAsync(room.RoomId, AudienceRoom.ViewerToken(room.RoomId, walt.ParticipantId, "Walt")));
        await SendChatAsync(room.Viewers[0].Page, "still here");
        await Expect(ChatMessage(room.Moderator.Page, "still here")).ToHaveCountAsync(1);

        await banned.GetByRole(AriaRole.Button, new() { Name = "Lift the ban of Walt" }).ClickAsync();
        await Expect(banned).ToHaveCountAsync(0);
        await Expect(room.Moderator.Page.Locator("#bans-error")).ToBeHiddenAsync();
        Assert.Equal(HttpStatusCode.OK, await ChatOverRestAsync(room.RoomId, AudienceRoom.ViewerToken(room.RoomId, walt.ParticipantId, "Walt")));
    }

    [Fact(Timeout = 60_000)]
    public async Task Questions_Asked_Upvoted_Sorted_AnsweredBadgeOnViewers()
    {
        await using var room = await AudienceRoom.OpenAsync(browser, server, output, ["Viv", "Walt"]);
        var (viv, walt) = (room.Viewers[0].Page, room.Viewers[1].Page);
        await AskAsync(viv, "When is the next show?");
        await AskAsync(walt, "Can you play Blue Moon?");
        foreach (var page in room.Pages)
        {
            await Expect(page.Locator("#questions li[data-question-id]")).ToHaveCountAsync(2);
            await Expect(page.Locator("#questions li.empty")).ToHaveCountAsync(0);
        }

        await Question(walt, "When is the next show?").Locator(".upvote").ClickAsync();
        foreach (var page in room.Pages)
        {
            await Expect(Question(page, "When is the next show?").Locator(".upvotes")).ToHaveTextAsync("1");
        }

        // Top: the upvoted one first; New: the newest first.
        var moderator = room.Moderator.Page;
        await Expect(moderator.Locator("#questions li[data-question-id] .text")).ToHaveTextAsync(["When is the next show?", "Can you play Blue Moon?"]);
        await moderator.Locator("#questions-new").ClickAsync();
        await Expect(moderator.Locator("#questions li[data-question-id] .text")).ToHaveTextAsync(["Can you play Blue Moon?", "When is the next show?"]);
        await Expect(moderator.Locator("#questions-new")).ToHaveAttributeAsync("aria-pressed", "true");

        await Expect(viv.Locator("#questions button[data-action]")).ToHaveCountAsync(0);
        var asked = Question(moderator, "When is the next show?");
        await asked.Locator(".answer-input").FillAsync("Friday at eight");
        await asked.Locator("button[data-action=answer]").ClickAsync();
        foreach (var page in new[] { viv, walt })
        {
            await Expect(Question(page, "When is the next show?").Locator(".answered-badge")).ToBeVisibleAsync();
            await Expect(Question(page, "When is the next show?").Locator(".answer")).ToHaveTextAsync("Friday at eight");
            await Expect(Question(page, "Can you play Blue Moon?").Locator(".answered-badge")).ToBeHiddenAsync();
        }

        await Question(moderator, "Can you play Blue Moon?").Locator("button[data-action=hide]").ClickAsync();
        foreach (var page in room.Pages)
        {
            await Expect(page.Locator("#questions li[data-question-id]")).ToHaveCountAsync(1);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Gift_FromAViewerToAHost_ToastOnAllPages_AndTheLeaderboard()
    {
        await using var room = await AudienceRoom.OpenAsync(browser, server, output, ["Viv", "Walt"], "Hana", "Ivo");
        var viv = room.Viewers[0].Page;
        await Expect(viv.Locator("#gift-recipient option")).ToHaveTextAsync(["Hana", "Ivo"]);
        var gift = viv.Locator("#gift-catalogue button.gift").First;
        await Expect(gift).ToBeEnabledAsync();
        var giftName = await gift.Locator(".name").TextContentAsync();
        var giftValue = await gift.Locator(".value").TextContentAsync();
        await viv.Locator("#gift-recipient").SelectOptionAsync(new SelectOptionValue { Label = "Ivo" });

        await gift.ClickAsync();

        foreach (var page in room.Pages)
        {
            var toast = page.Locator("#toasts .toast");
            await Expect(toast).ToHaveCountAsync(1);
            await Expect(toast).ToHaveTextAsync($"Viv sent {giftName} to Ivo");
            var leader = page.Locator("#gift-leaderboard li[data-participant-id]").First;
            await Expect(leader.Locator(".name")).ToHaveTextAsync("Ivo");
            await Expect(leader.Locator(".total")).ToHaveTextAsync(giftValue!);
        }

        await Expect(viv.Locator("#gifts-error")).ToBeHiddenAsync();
    }

    [Fact(Timeout = 90_000)]
    public async Task UserText_WithMarkup_IsShownLiterally_AndRunsNoScript()
    {
        const string image = "<img src=x onerror=\"window.__xss=1\">";
        const string script = "<script>window.__xss=1</script>";
        await using var room = await AudienceRoom.OpenAsync(browser, server, output, [image], script);
        var viewer = room.Viewers[0].Page;
        var moderator = room.Moderator.Page;

        // Chat, with the viewer's name (from its token) as markup too.
        await SendChatAsync(viewer, image);
        await SendChatAsync(viewer, script);

        // A poll whose question and options are markup.
        await moderator.Locator("#poll-question").FillAsync(script);
        await moderator.Locator("#poll-options").FillAsync($"{image}\n{script}");
        await moderator.Locator("#poll-open").ClickAsync();

        // A question, and a gift whose catalogue name is markup to the host whose name is.
        await AskAsync(viewer, image);
        await viewer.Locator($"#gift-catalogue button[data-gift-id={ServerFixture.MarkupGiftId}]").ClickAsync();

        foreach (var page in room.Pages)
        {
            await Expect(page.Locator("#chat li[data-message-id] .text")).ToHaveTextAsync([image, script]);
            await Expect(page.Locator("#chat li[data-message-id] .sender").First).ToHaveTextAsync(image);
            await Expect(page.Locator("#polls .poll .question")).ToHaveTextAsync(script);
            await Expect(page.Locator("#polls .poll-option .label")).ToHaveTextAsync([image, script]);
            await Expect(page.Locator("#participants li[data-participant-id] .name")).ToHaveTextAsync(script);
            await Expect(page.Locator("#gift-recipient option")).ToHaveTextAsync([script]);
            await Expect(page.Locator("#questions li[data-question-id] .text")).ToHaveTextAsync([image]);
            await Expect(page.Locator("#questions li[data-question-id] .asker")).ToHaveTextAsync([image]);
            await Expect(page.Locator($"#gift-catalogue button[data-gift-id={ServerFixture.MarkupGiftId}] .name")).ToHaveTextAsync(ServerFixture.MarkupGiftName);
            await Expect(page.Locator("#toasts .toast")).ToHaveTextAsync($"{image} sent {ServerFixture.MarkupGiftName} to {script}");
            await Expect(page.Locator("#gift-leaderboard li[data-participant-id] .name")).ToHaveTextAsync([script]);
        }

        foreach (var page in room.Pages)
        {
            Assert.Equal(0, await page.Locator("#main img, #main script, #toasts img, #toasts script").CountAsync());
            Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"), "A script from user text ran.");
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Poll_WhileTheViewerPlays_AppearsWhenThePictureReachesTheMomentItOpened()
    {
        await using var room = await AudienceRoom.OpenAsync(browser, server, output, ["Viv"]);
        await server.AddTestParticipantAsync(room.RoomId, new { name = "Cleo", width = 320, height = 180 });
        try
        {
            var start = await server.Client.PostAsJsonAsync("/v2/hls/start", new { roomId = room.RoomId, config = new { quality = "low" } });
            Assert.True(start.IsSuccessStatusCode, await start.Content.ReadAsStringAsync());
            var viewer = room.Viewers[0];
            await viewer.Browser.WaitUntilAsync(
                "() => { const v = document.getElementById('player'); return v.currentTime > 1 && !v.paused && v.dataset.behind !== ''; }",
                TimeSpan.FromSeconds(40), "the viewer plays the livestream and knows the picture's time");

            var opened = await server.Client.PostAsJsonAsync($"/v2/rooms/{room.RoomId}/polls", new { question = "In sync?", options = new[] { "Yes", "No" } });
            Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync());

            // The moderator's page shows it at once; the viewer's when its picture (a second or so behind) gets there.
            await Expect(room.Moderator.Page.Locator("#polls .poll .question")).ToHaveTextAsync("In sync?");
            var card = viewer.Page.Locator("#polls .poll");
            await Expect(card.Locator(".question")).ToHaveTextAsync("In sync?");
            var openedAt = DateTimeOffset.Parse((await card.GetAttributeAsync("data-opened-at"))!, System.Globalization.CultureInfo.InvariantCulture);
            var pictureText = await card.GetAttributeAsync("data-picture-at");
            output.WriteLine("player: " + await viewer.Page.EvaluateAsync<string>(
                "() => { const v = document.getElementById('player'); return JSON.stringify({ paused: v.paused, readyState: v.readyState, currentTime: v.currentTime, behind: v.dataset.behind, latency: v.dataset.latency }); }"));
            Assert.False(string.IsNullOrEmpty(pictureText), "The poll appeared while no picture played.");
            var pictureAt = DateTimeOffset.Parse(pictureText, System.Globalization.CultureInfo.InvariantCulture);
            output.WriteLine($"poll opened at {openedAt:HH:mm:ss.fff}, shown with the picture of {pictureAt:HH:mm:ss.fff}");
            Assert.True(pictureAt >= openedAt, $"The poll showed with the picture of {pictureAt:O}, before the moment it opened ({openedAt:O}).");
            Assert.True(pictureAt - openedAt < TimeSpan.FromSeconds(5), $"The poll was held until {pictureAt:O}, long after it opened ({openedAt:O}).");
        }
        finally
        {
            await server.EndLivestreamAsync(room.RoomId);
        }
    }

    private static ILocator ChatMessage(IPage page, string text) =>
        page.Locator("#chat li[data-message-id]").Filter(new() { Has = page.Locator(".text", new() { HasTextString = text }) });

    private static ILocator PollOption(IPage page, string label) =>
        page.Locator("#polls .poll-option").Filter(new() { HasText = label });

    private static ILocator Question(IPage page, string text) =>
        page.Locator("#questions li[data-question-id]").Filter(new() { Has = page.Locator(".text", new() { HasTextString = text }) });

    private static async Task SendChatAsync(IPage page, string text)
    {
        await page.Locator("#chat-input").FillAsync(text);
        await page.Locator("#chat-send").ClickAsync();
        await Expect(page.Locator("#chat-input")).ToHaveValueAsync("");
        await Expect(page.Locator("#chat-error")).ToBeHiddenAsync();
    }

    private static async Task AskAsync(IPage page, string text)
    {
        await page.Locator("#question-input").FillAsync(text);
        await page.Locator("#question-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#question-input")).ToHaveValueAsync("");
        await Expect(page.Locator("#questions-error")).ToBeHiddenAsync();
    }

    /// <summary>Posts a chat message over REST with <paramref name="token"/>; the status.</summary>
    private async Task<HttpStatusCode> ChatOverRestAsync(string roomId, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/rooms/{roomId}/pubsub/CHAT")
        {
            Content = JsonContent.Create(new { message = "over REST", persist = false }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await server.Client.SendAsync(request);
        return response.StatusCode;
    }
}
