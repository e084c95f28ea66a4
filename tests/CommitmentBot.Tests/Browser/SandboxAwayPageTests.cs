using Microsoft.Playwright;

namespace CommitmentBot.Tests.Browser;

/// <summary>
/// Issue 14 on the sandbox page, as a user meets it: Ana types <c>away … cover @raj</c> and the people list and her chat
/// header say "away until Mon 8 Feb, Raj covers"; Raj is listed as covering for Ana, gets the early warning tagged
/// "covering for Ana" and presses Done on it as Ana would; a nudge's Snooze opens its choices (1 hour, tomorrow
/// morning, a picked time) with a why box, and the nudge comes back quoting the reason. The clock starts Mon 1 Feb 2027
/// 09:00 in New York (<see cref="Sandbox.SandboxClient.Start"/>). Screenshots go to <c>artifacts/sandbox/</c>.
/// </summary>
public sealed class SandboxAwayPageTests(BrowserFixture fixture) : SandboxPageTest(fixture, 8000, "error", "warning")
{
    [Fact]
    public async Task AnaAway_IsShownInThePeopleListAndHerHeader_RajSeesCoveringForAna_AndPressesDoneForHer()
    {
        var page = await OpenAsync();
        await AddPersonAsync(page, "raj", "Raj", "America/New_York", "maria");
        await page.Locator("#users button[data-user='ana']").ClickAsync();
        await Expect(page.Locator("#current-user")).ToHaveTextAsync("Ana");
        await SayAsync(page, "send revised quote for Acme by Friday");
        await Expect(page.Locator("#messages .msg.Created")).ToHaveCountAsync(1);

        await SayAsync(page, "away Feb 3 to Feb 8 cover @raj");

        await Expect(page.Locator("#messages .msg.bot").Last).ToContainTextAsync("You're away until Mon 8 Feb, Raj covers");
        var ana = page.Locator("#users button[data-user='ana']");
        await Expect(ana.Locator(".away")).ToHaveTextAsync("away until Mon 8 Feb, Raj covers (from Wed 3 Feb)");
        await Expect(page.Locator("#current-away")).ToHaveTextAsync("away until Mon 8 Feb, Raj covers (from Wed 3 Feb)");
        await Expect(page.Locator("#users button[data-user='raj'] .covering")).ToHaveTextAsync("covering for Ana");
        await Expect(page.Locator("#users button[data-user='maria'] .away")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "20-ana-away-raj-covers");

        // Her list says it too.
        await SayAsync(page, "list");
        await Expect(page.Locator("#messages .msg.List").Last).ToContainTextAsync("You're away until Mon 8 Feb, Raj covers.");

        // The clock runs to the early warning (Thu 4 Feb 15:45 EST, heads-up time): it goes to Raj, not to Ana on the beach.
        await Expect(page.Locator("#to-due")).ToBeEnabledAsync();
        await page.Locator("#to-due").ClickAsync();
        await Expect(page.Locator("#clock-now")).ToHaveTextAsync("Thu 4 Feb, 3:45 PM EST");
        await Expect(ana.Locator(".away")).ToHaveTextAsync("away until Mon 8 Feb, Raj covers");
        await Expect(page.Locator("#users button[data-user='raj'] .badge")).ToHaveTextAsync("1");
        await Expect(page.Locator("#messages .msg.bot:not(.Reply):not(.Created):not(.List)")).ToHaveCountAsync(0);

        await page.Locator("#users button[data-user='raj']").ClickAsync();
        await Expect(page.Locator("#current-user")).ToHaveTextAsync("Raj");
        await Expect(page.Locator("#current-away")).ToHaveTextAsync("covering for Ana");
        var warning = page.Locator("#messages .msg.ManagerEarlyWarning");
        await Expect(warning).ToHaveCountAsync(1);
        await Expect(warning.Locator(".meta .covering-tag")).ToHaveTextAsync("covering for Ana");
        await Expect(warning.Locator(".headline")).ToContainTextAsync("Covering for Ana: Early warning (not an escalation): Ana is away until Mon 8 Feb; P-1 for Acme falls due Fri 5 Feb");
        await Expect(warning.GetByRole(AriaRole.Button, new() { Name = "Done", Exact = true })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "21-raj-covering-for-ana");

        await warning.GetByRole(AriaRole.Button, new() { Name = "Done", Exact = true }).ClickAsync();

        await Expect(warning.Locator(".outcome")).ToContainTextAsync("✓ Done");
        await Expect(page.Locator("#messages .msg.bot").Last).Not.ToContainTextAsync("isn't yours");
        await ScreenshotAsync(page, "22-raj-pressed-done-for-ana");

        // Ana's promise is kept; nothing reached her while she was away.
        await page.Locator("#users button[data-user='ana']").ClickAsync();
        await SayAsync(page, "show P-1");
        await Expect(page.Locator("#messages .msg.bot").Last).ToContainTextAsync("kept");
        await Expect(page.Locator("#messages .msg.HeadsUp, #messages .msg.Due, #messages .msg.Bundle")).ToHaveCountAsync(0);
        Assert.Empty(ScriptErrors);
    }

    [Fact]
    public async Task Snooze_OnANudge_OffersItsChoicesAndAWhyBox_AndTheNudgeComesBackQuotingTheReason()
    {
        var page = await OpenAsync();
        await SayAsync(page, "send revised quote for Acme by Friday");
        await Expect(page.Locator("#messages .msg.Created")).ToHaveCountAsync(1);
        await page.Locator("#to-due").ClickAsync();
        await Expect(page.Locator("#clock-now")).ToHaveTextAsync("Thu 4 Feb, 3:45 PM EST");
        var headsUp = page.Locator("#messages .msg.HeadsUp");
        await Expect(headsUp).ToHaveCountAsync(1);

        await headsUp.GetByRole(AriaRole.Button, new() { Name = "Snooze …" }).ClickAsync();

        var form = headsUp.Locator("form.inputs");
        var choice = form.Locator("select[name='snooze_for']");
        await Expect(choice).ToBeVisibleAsync();
        Assert.Equal(["1 hour", "Tomorrow morning"], await choice.Locator("option").AllTextContentsAsync());
        await Expect(choice).ToHaveValueAsync("1h");
        await Expect(form.Locator("label").Filter(new() { HasText = "Or until" }).Locator("input[name='snooze_at']")).ToBeVisibleAsync();
        await form.Locator("input[name='snooze_why']").FillAsync("waiting on legal");
        await form.ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(page, "23-snooze-choices-and-why");

        await form.GetByRole(AriaRole.Button, new() { Name = "Snooze" }).ClickAsync();

        await Expect(page.Locator("#messages .msg.me").Last).ToContainTextAsync("pressed Snooze · 1 hour · waiting on legal");
        await Expect(page.Locator("#messages .msg.bot").Last).ToContainTextAsync("Snoozed: I'll nudge you about P-1 again");
        await Expect(headsUp.Locator(".outcome")).ToContainTextAsync("✓ Snooze");

        // The snoozed nudge comes back an hour later, with the reason quoted and Snooze again (the due has not moved).
        await page.Locator("#to-due").ClickAsync();
        await Expect(page.Locator("#clock-now")).ToHaveTextAsync("Thu 4 Feb, 4:45 PM EST");
        await Expect(page.Locator("#messages .msg.HeadsUp")).ToHaveCountAsync(2);
        var back = page.Locator("#messages .msg.HeadsUp").Nth(1);
        await Expect(back).ToContainTextAsync("You snoozed it: “waiting on legal”.");
        await Expect(back).ToContainTextAsync("Fri 5 Feb");
        await Expect(back.GetByRole(AriaRole.Button, new() { Name = "Snooze …" })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "24-snoozed-nudge-back-with-reason");

        // A picked time past the due is refused in the page, and the button stays live.
        await back.GetByRole(AriaRole.Button, new() { Name = "Snooze …" }).ClickAsync();
        await back.Locator("form.inputs input[name='snooze_at']").FillAsync("Monday 9am");
        await back.Locator("form.inputs").GetByRole(AriaRole.Button, new() { Name = "Snooze" }).ClickAsync();
        await Expect(page.Locator("#messages .msg.bot").Last).ToContainTextAsync("can't pass the due");
        await Expect(back.GetByRole(AriaRole.Button, new() { Name = "Snooze …" })).ToBeVisibleAsync();
        Assert.Empty(ScriptErrors);
    }

    private static async Task AddPersonAsync(IPage page, string id, string name, string zone, string manager)
    {
        await page.Locator(".add-user summary").ClickAsync();
        var form = page.Locator("#user-form");
        await form.Locator("input[name='id']").FillAsync(id);
        await form.Locator("input[name='name']").FillAsync(name);
        await form.Locator("input[name='zone']").FillAsync(zone);
        await form.Locator("input[name='manager']").FillAsync(manager);
        await form.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator($"#users button[data-user='{id}']")).ToContainTextAsync("reports to " + manager);
        await page.Locator(".add-user summary").ClickAsync();
    }
}
