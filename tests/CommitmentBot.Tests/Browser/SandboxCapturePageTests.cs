using Microsoft.Playwright;

namespace CommitmentBot.Tests.Browser;

/// <summary>
/// Issue 15 on the sandbox page: a person posts an ordinary message in a channel (not a command), uses "Track as a
/// promise" on it and submits the prefilled form; with <c>admin policy notice on</c> typed on the page, a promise posted in
/// a channel brings its author a private note. Screenshots go to <c>artifacts/sandbox/</c>.
/// </summary>
public sealed class SandboxCapturePageTests(BrowserFixture fixture) : SandboxPageTest(fixture, 8000, "error", "warning")
{
    [Fact]
    public async Task Page_TrackAsAPromise_OnAChannelMessage_OpensThePrefilledForm_AndTrackSavesThePromise()
    {
        var page = await OpenAsync();
        await OpenChannelAsync(page, "acme-deal");

        await PostAsync(page, "Thanks all! I'll send you the revised quote by Friday 3pm.");
        var posted = page.Locator("#channel-messages .msg.person");
        await Expect(posted).ToHaveCountAsync(1);
        await Expect(posted).ToContainTextAsync("I'll send you the revised quote by Friday 3pm.");
        await Expect(posted.Locator(".meta")).ToContainTextAsync("Ana");
        await posted.GetByRole(AriaRole.Button, new() { Name = "⋯ Track as a promise" }).ClickAsync();

        var form = page.Locator("#messages .msg.bot").Last;
        await Expect(form).ToContainTextAsync("Track as a promise");
        await form.GetByRole(AriaRole.Button, new() { Name = "Track …" }).ClickAsync();
        var inputs = form.Locator("form.inputs");
        await Expect(inputs.Locator("input[name='text']")).ToHaveValueAsync("I'll send you the revised quote by Friday 3pm.");
        await Expect(inputs.Locator("input[name='when']")).ToHaveValueAsync("by Friday 3pm");
        await Expect(inputs.Locator("input[name='link']")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("#m\\d+$"));
        await inputs.Locator("input[name='customer']").FillAsync("Acme");
        await ScreenshotAsync(page, "15-track-as-a-promise-form");
        await inputs.GetByRole(AriaRole.Button, new() { Name = "Track" }).ClickAsync();

        await Expect(page.Locator("#messages .msg.Created")).ToHaveCountAsync(1);
        await Expect(page.Locator("#messages .msg.Created")).ToContainTextAsync("P-1");
        await Expect(page.Locator("#messages .msg.Created")).ToContainTextAsync("Acme");
        await ScreenshotAsync(page, "16-tracked-from-a-channel-message");
        Assert.Empty(ScriptErrors);
    }

    [Fact]
    public async Task Page_NoticesAPromise_AfterAdminPolicyNoticeOn_WithANoteOnlyItsAuthorSees()
    {
        var page = await OpenAsync();
        await OpenChannelAsync(page, "acme-deal");
        await PostAsync(page, "I'll send you the W-9 by Thursday");
        await Expect(page.Locator("#channel-messages .msg.person")).ToHaveCountAsync(1);
        await Expect(page.Locator("#messages .msg").Filter(new() { HasText = "Looks like you promised" })).ToHaveCountAsync(0);

        // Sam (an admin) turns noticing on with a command typed in the channel.
        await page.Locator("#users button[data-user='sam']").ClickAsync();
        await Expect(page.Locator("#current-user")).ToHaveTextAsync("Sam");
        await page.Locator("#channel-text").FillAsync("admin policy notice on");
        await page.Locator("#channel-text").PressAsync("Enter");
        await Expect(page.Locator("#channel-messages .msg.bot").Last).ToContainTextAsync("notice");

        await page.Locator("#users button[data-user='ana']").ClickAsync();
        await Expect(page.Locator("#current-user")).ToHaveTextAsync("Ana");
        await PostAsync(page, "we will have the unit shipped by Friday 3pm");
        var note = page.Locator("#messages .msg").Filter(new() { HasText = "Looks like you promised" });
        await Expect(note).ToHaveCountAsync(1);
        await Expect(note).ToContainTextAsync("Only you can see this");
        await Expect(note.GetByRole(AriaRole.Button, new() { Name = "Not a promise" })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "17-noticed-promise-note");

        await note.GetByRole(AriaRole.Button, new() { Name = "Not a promise" }).ClickAsync();
        await Expect(page.Locator("#messages .msg.bot").Last).ToContainTextAsync("30 days");

        // Maria sees the channel messages but not Ana's note.
        await page.Locator("#users button[data-user='maria']").ClickAsync();
        await Expect(page.Locator("#current-user")).ToHaveTextAsync("Maria");
        await Expect(page.Locator("#channel-messages .msg.person")).ToHaveCountAsync(2);
        await Expect(page.Locator("#messages .msg").Filter(new() { HasText = "Looks like you promised" })).ToHaveCountAsync(0);
        Assert.Empty(ScriptErrors);
    }

    private static async Task OpenChannelAsync(IPage page, string name)
    {
        await page.Locator("#channel-open input[name='name']").FillAsync(name);
        await page.Locator("#channel-open input[name='name']").PressAsync("Enter");
        await Expect(page.Locator("#channel-name")).ToHaveTextAsync(name);
    }

    private static async Task PostAsync(IPage page, string text)
    {
        await page.Locator("#channel-text").FillAsync(text);
        await page.Locator("#channel-post").ClickAsync();
        await Expect(page.Locator("#channel-messages .msg.person").Filter(new() { HasText = text })).ToHaveCountAsync(1);
    }
}
