using Microsoft.Playwright;

namespace CommitmentBot.Tests.Browser;

/// <summary>
/// The sandbox page in headless chromium, as a new user would try it: pick a person, make a promise,
/// press the buttons, move the clock and watch nudges and escalations arrive. Screenshots of each flow
/// are saved under <c>artifacts/sandbox/</c> in the test output folder.
/// </summary>
public sealed class SandboxPageTests(BrowserFixture fixture) : SandboxPageTest(fixture, 5000, "error") // a failed request is an "error" too: none is expected in these flows
{
    [Fact]
    public async Task Page_MakesAPromise_ShowsTheDue_AndUndoWithdrawsIt()
    {
        var page = await OpenAsync();
        await page.Locator("#users button[data-user='maria']").ClickAsync();
        await Expect(page.Locator("#current-user")).ToHaveTextAsync("Maria");
        await page.Locator("#users button[data-user='ana']").ClickAsync();
        await Expect(page.Locator("#current-user")).ToHaveTextAsync("Ana");
        await Expect(page.Locator("#clock-now")).ToHaveTextAsync("Mon 1 Feb, 9:00 AM EST");

        await SayAsync(page, "send revised quote for Acme by Friday 3pm");

        var created = page.Locator("#messages .msg.Created");
        await Expect(created).ToContainTextAsync("Got it: P-1 is saved.");
        await Expect(created.Locator(".section-title")).ToHaveTextAsync("P-1 · Acme");
        await Expect(created.Locator(".facts dd").First).ToHaveTextAsync("Fri 5 Feb, 3:00 PM EST — in 4 days");
        await Expect(page.Locator("#messages .msg.me")).ToContainTextAsync("/promise send revised quote for Acme by Friday 3pm");
        await Expect(page.Locator("#clock-next")).ToHaveTextAsync("next: Thu 4 Feb, 1:30 PM EST");
        await ScreenshotAsync(page, "01-promise-made");

        await created.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();

        await Expect(page.Locator("#messages .msg.bot").Last).ToContainTextAsync("Undone: P-1 is withdrawn and won't count.");
        await Expect(page.Locator("#messages .msg.me").Last).ToContainTextAsync("pressed Undo");
        await Expect(page.Locator("#clock-next")).ToHaveTextAsync("nothing scheduled");
        await ScreenshotAsync(page, "02-undone");
        Assert.Empty(ScriptErrors);
    }

    [Fact]
    public async Task Page_NeedMoreTime_OpensADateForm_UnderThatPromise_AndMovesIt()
    {
        var page = await OpenAsync();
        await SayAsync(page, "send revised quote for Acme by Friday 3pm");
        await Expect(page.Locator("#messages .msg.Created")).ToBeVisibleAsync();
        await SayAsync(page, "Globex: demo environment ready by tomorrow");
        await Expect(page.Locator("#messages .msg.Created")).ToHaveCountAsync(2);
        await SayAsync(page, "list");
        var acme = page.Locator("#messages .msg.List .section").Filter(new() { HasText = "P-1 · Acme" });

        await acme.GetByRole(AriaRole.Button, new() { Name = "Need more time" }).ClickAsync();

        var form = acme.Locator("form.inputs");
        await Expect(form.Locator("input[name='date']")).ToHaveValueAsync("2027-02-05");
        await Expect(form.Locator("input[name='time']")).ToHaveValueAsync("15:00");
        await form.Locator("input[name='date']").FillAsync("2027-02-10");
        await form.Locator("input[name='time']").FillAsync("11:00");
        await ScreenshotAsync(page, "03-need-more-time-form");
        await form.GetByRole(AriaRole.Button, new() { Name = "Need more time" }).ClickAsync();

        var moved = page.Locator("#messages .msg.bot").Last;
        await Expect(moved).ToContainTextAsync("🔵 P-1 moved to Wed 10 Feb, 11:00 AM EST.");
        await moved.GetByRole(AriaRole.Button, new() { Name = "Yes, they know" }).ClickAsync();
        await Expect(page.Locator("#messages .msg.bot").Last).ToContainTextAsync("Good — recorded that the customer knows about P-1's new date.");
        await ScreenshotAsync(page, "04-moved");
        Assert.Empty(ScriptErrors);
    }

    [Fact]
    public async Task Page_ShowsTheCustomersZone_AndNeedMoreTimeTakesTheNewDueInWords()
    {
        var page = await OpenAsync();
        await page.Locator(".hints .hint").Filter(new() { HasText = "by tomorrow 3pm CET" }).ClickAsync();
        await page.Locator("#say-text").PressAsync("Enter");

        var created = page.Locator("#messages .msg.Created");
        await Expect(created.Locator(".facts dd").First).ToHaveTextAsync("Tue 2 Feb, 9:00 AM EST (3:00 PM CET) — tomorrow");
        await SayAsync(page, "list");
        var globex = page.Locator("#messages .msg.List .section").Filter(new() { HasText = "P-1 · Globex" });

        await globex.GetByRole(AriaRole.Button, new() { Name = "Need more time" }).ClickAsync();

        var form = globex.Locator("form.inputs");
        await Expect(form.Locator("input[name='when']")).ToBeVisibleAsync();
        await form.Locator("input[name='when']").FillAsync("Tuesday next week 3pm CET");
        await ScreenshotAsync(page, "08-need-more-time-in-words");
        await form.GetByRole(AriaRole.Button, new() { Name = "Need more time" }).ClickAsync();

        var moved = page.Locator("#messages .msg.bot").Last;
        await Expect(moved).ToContainTextAsync("🔵 P-1 moved to Tue 9 Feb, 9:00 AM EST (3:00 PM CET).");
        await ScreenshotAsync(page, "09-moved-in-the-customers-zone");

        await SayAsync(page, "help");
        var help = page.Locator("#messages .msg.Help");
        await Expect(help).ToContainTextAsync("Due times I read");
        await Expect(help).ToContainTextAsync("first thing Monday");
        await Expect(help).ToContainTextAsync("3pm ET");
        await help.ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(page, "10-due-times-i-read");
        Assert.Empty(ScriptErrors);
    }

    [Fact]
    public async Task Page_MovingTheClock_DeliversTheNudges_AndTheEscalationReachesTheChannel()
    {
        var page = await OpenAsync();
        await SayAsync(page, "send revised quote for Acme by Friday 3pm");
        await Expect(page.Locator("#messages .msg.Created")).ToBeVisibleAsync();

        await page.Locator("button[data-advance='P1D']").ClickAsync();
        await Expect(page.Locator("#clock-now")).ToHaveTextAsync("Tue 2 Feb, 9:00 AM EST");
        await Expect(page.Locator("#messages .msg.HeadsUp")).ToHaveCountAsync(0);

        await page.Locator("#to-due").ClickAsync();
        var headsUp = page.Locator("#messages .msg.HeadsUp");
        await Expect(headsUp).ToContainTextAsync("Heads-up: P-1 is due tomorrow. On track?");
        await Expect(headsUp.Locator(".meta")).ToContainTextAsync("Thu 4 Feb, 1:30 PM EST");
        await ScreenshotAsync(page, "05-heads-up");

        // Due, overdue, the manager, then the channel: one press of "Skip to next" each.
        await page.Locator("#to-due").ClickAsync();
        await Expect(page.Locator("#messages .msg.Due")).ToContainTextAsync("P-1 is due now. Delivered?");
        await page.Locator("#to-due").ClickAsync();
        await Expect(page.Locator("#messages .msg.Overdue")).ToContainTextAsync("P-1 is 2 hours past due");
        await page.Locator("#to-due").ClickAsync();
        await Expect(page.Locator("#users button[data-user='maria'] .badge")).ToHaveTextAsync("1");
        await page.Locator("#to-due").ClickAsync();
        var post = page.Locator("#channel-messages .msg.ChannelEscalation");
        await Expect(post).ToContainTextAsync("Escalation: Ana's promise P-1 for Acme is 2 days late");
        await Expect(page.Locator("#clock-next")).ToHaveTextAsync("nothing scheduled");
        await ScreenshotAsync(page, "06-escalated");

        await page.Locator("#users button[data-user='maria']").ClickAsync();
        var escalation = page.Locator("#messages .msg.ManagerEscalation");
        await Expect(escalation).ToContainTextAsync("Ana's promise P-1 for Acme is 2 days late, and there has been no word from Ana.");
        await Expect(page.Locator("#users button[data-user='maria'] .badge")).ToHaveCountAsync(0);
        await escalation.GetByRole(AriaRole.Button, new() { Name = "I'll handle it" }).ClickAsync();
        await Expect(page.Locator("#messages .msg.bot").Last).ToContainTextAsync("Thanks — you're handling P-1 with Ana.");
        await ScreenshotAsync(page, "07-manager");
        Assert.Empty(ScriptErrors);
    }
}
