using System.Net;
using System.Net.Http.Json;
using CommitmentBot.Sandbox;

namespace CommitmentBot.Tests.Sandbox;

/// <summary>
/// The simulated clock (<c>GET/POST /sandbox/api/clock</c>) and the ladder it drives. One promise made
/// Monday 09:00 New York "by Friday 3pm" has this plan (SPEC "The escalation ladder", default policy):
/// heads-up Thu 13:30 EST, due Fri 15:00 EST, overdue Fri 17:00 EST, Maria Mon 08:00 CST, #escalations
/// Mon 12:00 CST.
/// </summary>
public sealed class SandboxClockTests : IDisposable
{
    private static readonly DateTimeOffset HeadsUp = new(2027, 2, 4, 18, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Due = new(2027, 2, 5, 20, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Overdue = new(2027, 2, 5, 22, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Manager = new(2027, 2, 8, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Channel = new(2027, 2, 8, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WeekLater = new(2027, 2, 12, 14, 0, 0, TimeSpan.Zero);

    private readonly SandboxClient sandbox = new() { WithoutDigests = true };

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public async Task Clock_StartsWhereConfigured_AndShowsTheNextScheduledInstant()
    {
        Assert.Equal(new SandboxApi.ClockView(SandboxClient.Start, null), await sandbox.ClockAsync());

        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        Assert.Equal(new SandboxApi.ClockView(SandboxClient.Start, HeadsUp), await sandbox.ClockAsync());
    }

    /// <summary>
    /// Issue 9.1: a window that starts a millisecond past the minute makes a heads-up instant with sub-millisecond
    /// ticks; storage keeps milliseconds, and the sweep used to re-save the same instant until a guard gave up
    /// (about a minute later, with no heads-up and nothing scheduled).
    /// </summary>
    [Fact]
    public async Task Advance_DeliversTheHeadsUp_AndKeepsTheLadder_WhenTheWindowStartsBetweenMilliseconds()
    {
        await sandbox.AdvanceAsync("PT0.001S");
        await sandbox.SayAsync("ana", "send the quote for Acme by EOD");
        var started = System.Diagnostics.Stopwatch.StartNew();

        var clock = await sandbox.AdvanceAsync("P1D");

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"advancing a day took {started.Elapsed}");
        var ana = await sandbox.InboxAsync("ana");
        Assert.Equal(["HeadsUp", "Due"], ana.Select(m => m.Kind));
        Assert.NotNull(clock.Next);
    }

    /// <summary>Issue 9.1 exactly as reported, through the API: it took 67 s, left the inbox empty and the row at version 100,002.</summary>
    [Fact]
    public async Task TheReportedSequence_DeliversTheHeadsUpAndTheDue_AndReturnsAtOnce()
    {
        using var reported = new SandboxClient(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await reported.MoveToAsync(new DateTimeOffset(2026, 12, 7, 14, 0, 0, TimeSpan.Zero)); // Monday 09:00 in New York
        await reported.AdvanceAsync("PT0.001S");
        await reported.SayAsync("ana", "send the quote for Acme by EOD");
        var started = System.Diagnostics.Stopwatch.StartNew();

        var clock = await reported.AdvanceAsync("P1D");

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"advancing a day took {started.Elapsed}");
        var ana = await reported.InboxAsync("ana");

        // EOD is 18:00 EST; 25% of the window from 09:00:00.001 is 2 h 14 min 59.99975 s: the heads-up falls between
        // milliseconds (15:45:00.00025) and is taken at the next one.
        Assert.Equal(
            [("HeadsUp", new DateTimeOffset(2026, 12, 7, 20, 45, 0, 1, TimeSpan.Zero)), ("Due", new DateTimeOffset(2026, 12, 7, 23, 0, 0, TimeSpan.Zero))],
            ana.Select(m => (m.Kind, m.At)));
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 15, 0, 0, TimeSpan.Zero), clock.Next); // the overdue nudge, two working hours on: Tuesday 10:00 EST
    }

    /// <summary>Issue 9.1 from the page: "Skip to next" moves the clock to the next scheduled instant, and each press delivers that step.</summary>
    [Fact]
    public async Task SkipToNext_DeliversEachStep_OnePressAtATime_WhenTheWindowStartsBetweenMilliseconds()
    {
        await sandbox.AdvanceAsync("PT0.001S");
        await sandbox.SayAsync("ana", "send the quote for Acme by EOD");
        var kinds = new List<string>();
        var clock = await sandbox.ClockAsync();
        for (var press = 0; press < 5 && clock.Next is { } next; press++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            clock = await sandbox.MoveToAsync(next);
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"press {press + 1} took {started.Elapsed}");
            Assert.Equal(next, clock.Now);
            var delivered = (await sandbox.InboxAsync("ana")).Concat(await sandbox.InboxAsync("maria")).Concat(await sandbox.ChannelAsync("escalations"))
                .Where(m => m.At == next && !m.Text.Contains(" was told at ", StringComparison.Ordinal)) // the rep's note that the manager or channel heard (issue 14) goes with those steps
                .Select(m => m.Kind).ToList();
            Assert.Single(delivered);
            kinds.Add(delivered[0]);
        }

        Assert.Equal(["HeadsUp", "Due", "Overdue", "ManagerEscalation", "ChannelEscalation"], kinds);
        Assert.Null(clock.Next);
    }

    [Fact]
    public async Task Advance_RunsEveryStep_InOrder_EachAtItsOwnInstant_BeforeReturning()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        var clock = await sandbox.MoveToAsync(WeekLater);

        Assert.Equal(new SandboxApi.ClockView(WeekLater, null), clock);
        var ana = await sandbox.InboxAsync("ana");
        Assert.Equal([("HeadsUp", HeadsUp), ("Due", Due), ("Overdue", Overdue), ("Overdue", Manager), ("Overdue", Channel)], ana.Select(m => (m.Kind, m.At))); // the last two: told what Maria and the channel heard
        Assert.All(ana, m => Assert.Equal("user:ana", m.To));
        Assert.Equal(
            """
            Heads-up: P-1 is due tomorrow. On track?

            P-1 · Acme
            send revised quote
            Due: Fri 5 Feb, 3:00 PM EST — tomorrow
            Status: 🟢 open
            """,
            ana[0].Text);
        Assert.Equal(
            [("ontrack:P-1", "On track"), ("done:P-1", "Done"), ("risk:P-1", "At risk"), ("moretime:P-1", "Need more time"), ("missed:P-1", "Missed"), ("nudgesnooze:P-1", "Snooze")],
            ana[0].ButtonPairs());
        Assert.Equal(
            """
            P-1 is due now. Delivered?

            P-1 · Acme
            send revised quote
            Due: Fri 5 Feb, 3:00 PM EST — now
            Status: ⏰ due now
            """,
            ana[1].Text);
        Assert.Equal([("done:P-1", "Done"), ("moretime:P-1", "Need more time"), ("missed:P-1", "Missed"), ("nudgesnooze:P-1", "Snooze")], ana[1].ButtonPairs());
        Assert.StartsWith(
            "P-1 is 2 hours past due and I haven't heard from you. Update it now, before it escalates.\n\nP-1 · Acme",
            ana[2].Text,
            StringComparison.Ordinal);
        Assert.Contains("A slip told early is a slip forgiven. Here is the playbook:", ana[2].Text, StringComparison.Ordinal);
        Assert.Equal(
            ["done:P-1", "moretime:P-1", "missed:P-1", "nudgesnooze:P-1", "pb-own:P-1", "pb-manager:P-1", "pb-options:P-1", "pb-customer:P-1", "pb-apologise:P-1", "pb-makeright:P-1", "pb-newdate:P-1"],
            ana[2].Buttons.Select(b => b.ActionId));
        Assert.Equal("Maria was told at 9:00 AM that P-1 for Acme is 2 days late.", ana[3].Text.Split('\n')[0]);
        Assert.Equal("The escalation channel was told at 1:00 PM that P-1 for Acme is 2 days late.", ana[4].Text.Split('\n')[0]);

        var manager = Assert.Single(await sandbox.InboxAsync("maria"));
        Assert.Equal(("ManagerEscalation", Manager, "user:maria"), (manager.Kind, manager.At, manager.To));
        Assert.Equal(
            """
            Ana's promise P-1 for Acme is 2 days late, and there has been no word from Ana.

            P-1 · Acme
            send revised quote
            Owner: Ana
            Due: Fri 5 Feb, 2:00 PM CST — 2 days late
            Status: 🔴 overdue
            """,
            manager.Text);
        Assert.Equal([("ack:P-1", "I'll handle it"), ("snooze:P-1", "Snooze 1 day")], manager.ButtonPairs());

        var post = Assert.Single(await sandbox.ChannelAsync("escalations"));
        Assert.Equal(("ChannelEscalation", Channel, "channel:escalations"), (post.Kind, post.At, post.To));
        Assert.StartsWith(
            "Escalation: Ana's promise P-1 for Acme is 2 days late with no word from the rep and no acknowledgement from their manager.",
            post.Text,
            StringComparison.Ordinal);
        Assert.Equal([("ack:P-1", "I'll handle it")], post.ButtonPairs());
    }

    [Fact]
    public async Task Advance_StopsShortOfAStep_UntilItsInstant()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        var before = await sandbox.MoveToAsync(HeadsUp.AddMinutes(-1));
        Assert.Empty(await sandbox.InboxAsync("ana"));
        Assert.Equal(HeadsUp, before.Next);

        var at = await sandbox.AdvanceAsync("PT1M");
        Assert.Equal(new SandboxApi.ClockView(HeadsUp, Due), at);
        Assert.Equal(HeadsUp, Assert.Single(await sandbox.InboxAsync("ana")).At);
    }

    [Fact]
    public async Task Advance_InSmallSteps_SendsEachStepOnce()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        for (var i = 0; i < 12; i++)
        {
            await sandbox.AdvanceAsync("PT20H");
        }

        Assert.Equal(["HeadsUp", "Due", "Overdue", "Overdue", "Overdue"], (await sandbox.InboxAsync("ana")).Select(m => m.Kind)); // the last two: told what Maria and the channel heard
        Assert.Single(await sandbox.InboxAsync("maria"));
        Assert.Single(await sandbox.ChannelAsync("escalations"));
        Assert.Equal(SandboxClient.Start.AddHours(240), (await sandbox.ClockAsync()).Now);
    }

    [Fact]
    public async Task Advance_BundlesStepsDueTogether_IntoOneMessagePerPerson()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.SayAsync("ana", "Globex: demo environment ready by Friday 3pm");

        await sandbox.MoveToAsync(HeadsUp);

        var bundle = Assert.Single(await sandbox.InboxAsync("ana"));
        Assert.Equal("Bundle", bundle.Kind);
        Assert.StartsWith("2 promises need a word from you:\n\nHeads-up: P-1 is due tomorrow. On track?", bundle.Text, StringComparison.Ordinal);
        Assert.Contains("Heads-up: P-2 is due tomorrow. On track?", bundle.Text, StringComparison.Ordinal);
        Assert.Contains(bundle.Buttons, b => b.ActionId == "ontrack:P-2");
        var done = await sandbox.ClickAsync("ana", bundle, "done:P-2");
        Assert.StartsWith("✅ P-2 kept, on time.", done.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"to":"2027-01-31T14:00:00Z"}""", "The clock only moves forward; it is 2027-02-01T14:00:00.0000000+00:00.")]
    [InlineData("""{"advance":"-PT1H"}""", "advance: between zero and one year.")]
    [InlineData("""{"advance":"P400D"}""", "advance: between zero and one year.")]
    [InlineData("""{"advance":"2 hours"}""", "advance: '2 hours' is not an ISO-8601 duration like PT2H or P1D.")]
    [InlineData("""{"to":"2027-03-01T00:00:00Z","advance":"PT1H"}""", "Give either \"to\" (an instant) or \"advance\" (an ISO-8601 duration like PT2H).")]
    [InlineData("{}", "Give either \"to\" (an instant) or \"advance\" (an ISO-8601 duration like PT2H).")]
    public async Task Move_IsRefused_BackwardsOrMalformed_AndTheClockStays(string body, string detail)
    {
        using var response = await sandbox.SendRawAsync(HttpMethod.Post, "/sandbox/api/clock", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>();
        Assert.Equal(detail, problem!.Detail);
        Assert.Equal(SandboxClient.Start, (await sandbox.ClockAsync()).Now);
    }

    [Fact]
    public async Task ManagerAcknowledgement_StopsTheChannelPost()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.MoveToAsync(Manager);
        var escalation = Assert.Single(await sandbox.InboxAsync("maria"));

        var ack = await sandbox.ClickAsync("maria", escalation, "ack:P-1");
        await sandbox.MoveToAsync(WeekLater);

        Assert.Equal(("Reply", Manager), (ack.Kind, ack.At));
        Assert.Equal("Thanks — you're handling P-1 with Ana. The escalation channel won't be told.", ack.Text);
        Assert.Empty(await sandbox.ChannelAsync("escalations"));
        Assert.Single(await sandbox.InboxAsync("maria"));
    }

    [Fact]
    public async Task ManagerSnooze_RemindsHerAWorkingDayLater_ThenTheChannelHears()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.MoveToAsync(Manager);
        var escalation = Assert.Single(await sandbox.InboxAsync("maria"));

        var snoozed = await sandbox.ClickAsync("maria", escalation, "snooze:P-1");
        await sandbox.MoveToAsync(WeekLater);

        Assert.Equal("Snoozed: I'll remind you of P-1 Tue 9 Feb, 8:00 AM CST. The channel hears only if it's still unhandled after that.", snoozed.Text);
        var maria = await sandbox.InboxAsync("maria");
        Assert.Equal([("ManagerEscalation", Manager), ("ManagerEscalation", Manager.AddDays(1))], maria.Select(m => (m.Kind, m.At)));
        Assert.StartsWith("Reminder: Ana's promise P-1 for Acme is 3 days late", maria[1].Text, StringComparison.Ordinal);
        Assert.Equal([("ack:P-1", "I'll handle it")], maria[1].ButtonPairs());
        Assert.Equal(Manager.AddDays(1).AddHours(4), Assert.Single(await sandbox.ChannelAsync("escalations")).At);
    }

    [Fact]
    public async Task RepDone_AfterTheHeadsUp_StopsTheLadder()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.MoveToAsync(HeadsUp);
        var headsUp = Assert.Single(await sandbox.InboxAsync("ana"));

        var done = await sandbox.ClickAsync("ana", headsUp, "done:P-1");
        var clock = await sandbox.MoveToAsync(WeekLater);

        Assert.Equal("✅ P-1 kept, on time. Nice work — that's how a delivery record is built.", done.Text);
        Assert.Null(clock.Next);
        Assert.Single(await sandbox.InboxAsync("ana"));
        Assert.Empty(await sandbox.InboxAsync("maria"));
        Assert.Empty(await sandbox.ChannelAsync("escalations"));
    }

    [Fact]
    public async Task RepNeedMoreTime_AtDue_StopsTheOldLadder_AndStartsOneForTheNewDate()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.MoveToAsync(Due);
        var due = (await sandbox.InboxAsync("ana"))[^1];

        var moved = await sandbox.ClickAsync("ana", due, "moretime:P-1", new Dictionary<string, string> { ["date"] = "2027-02-10", ["time"] = "11:00" });
        await sandbox.MoveToAsync(new DateTimeOffset(2027, 2, 10, 15, 0, 0, TimeSpan.Zero)); // Wed 10:00 New York

        Assert.StartsWith("🔵 P-1 moved to Wed 10 Feb, 11:00 AM EST.", moved.Text, StringComparison.Ordinal);
        var ana = await sandbox.InboxAsync("ana");
        Assert.Equal(["HeadsUp", "Due", "HeadsUp"], ana.Select(m => m.Kind));
        Assert.Contains("Due: Wed 10 Feb, 11:00 AM EST", ana[2].Text, StringComparison.Ordinal);
        Assert.Empty(await sandbox.InboxAsync("maria"));
        Assert.Empty(await sandbox.ChannelAsync("escalations"));
    }

    [Fact]
    public async Task RepRisk_BeforeDue_WarnsEarly_AndNoEscalationFollows()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.MoveToAsync(HeadsUp);
        var headsUp = Assert.Single(await sandbox.InboxAsync("ana"));

        await sandbox.ClickAsync("ana", headsUp, "risk:P-1");
        await sandbox.MoveToAsync(WeekLater);

        // The due check-in still asks (the answer closes or moves it); nothing escalates after a word from the rep.
        Assert.Equal(["HeadsUp", "Due"], (await sandbox.InboxAsync("ana")).Select(m => m.Kind));
        var warning = Assert.Single(await sandbox.InboxAsync("maria"));
        Assert.Equal(("ManagerEarlyWarning", HeadsUp), (warning.Kind, warning.At));
        Assert.StartsWith("Early warning (not an escalation): Ana flagged P-1 for Acme at risk, 26 hours before it is due.", warning.Text, StringComparison.Ordinal);
        Assert.Empty(await sandbox.ChannelAsync("escalations"));
    }

    [Fact]
    public async Task RepAlertsTheManager_FromTheOverduePlaybook_AndTheLadderStops()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.MoveToAsync(Overdue);
        var overdue = (await sandbox.InboxAsync("ana"))[^1];

        var alerted = await sandbox.ClickAsync("ana", overdue, "pb-manager:P-1");
        await sandbox.MoveToAsync(WeekLater);

        Assert.StartsWith("Your manager is told about P-1 now. Good call: no surprises.", alerted.Text, StringComparison.Ordinal);
        var heard = Assert.Single(await sandbox.InboxAsync("maria"));
        Assert.Equal(("ManagerEarlyWarning", Overdue), (heard.Kind, heard.At));
        Assert.StartsWith("Heads-up from Ana: P-1 for Acme has slipped (2 hours past due) and Ana is on it.", heard.Text, StringComparison.Ordinal);
        Assert.Empty(await sandbox.ChannelAsync("escalations"));
    }

    [Fact]
    public async Task RepWithoutAManager_EscalatesToTheChannel_AWorkingDayAfterDue()
    {
        await sandbox.PutUserAsync("lee", "Lee", "America/New_York");
        await sandbox.SayAsync("lee", "Hooli: send the contract by Friday 3pm");

        await sandbox.MoveToAsync(WeekLater);

        var lee = await sandbox.InboxAsync("lee");
        Assert.Equal(["HeadsUp", "Due", "Overdue", "Overdue"], lee.Select(m => m.Kind)); // the last: told what the channel heard
        Assert.DoesNotContain("manager", lee[2].Text.Split('\n')[0], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(("The escalation channel was told at 3:00 PM that P-1 for Hooli is 3 days late.", Due.AddDays(3)), (lee[3].Text.Split('\n')[0], lee[3].At));
        var post = Assert.Single(await sandbox.ChannelAsync("escalations"));
        Assert.Equal(Due.AddDays(3), post.At); // Friday 3 PM + one working day = Monday 3 PM
        Assert.Equal("Escalation: Lee's promise P-1 for Hooli is 3 days late with no word from the rep.", post.Text.Split('\n')[0]);
    }

    [Fact]
    public async Task NobodyToEscalateTo_TellsTheAdminOnce()
    {
        var cleared = await sandbox.SayAsync("sam", "admin channel none");
        await sandbox.PutUserAsync("lee", "Lee", "America/New_York");
        await sandbox.SayAsync("lee", "Hooli: send the contract by Friday 3pm");
        await sandbox.SayAsync("lee", "Hooli: send the invoice by Friday 3pm");

        await sandbox.MoveToAsync(WeekLater);

        Assert.Equal("No escalation channel now; that step is skipped.", cleared.Text);
        Assert.Equal(["Bundle", "Bundle", "Bundle"], (await sandbox.InboxAsync("lee")).Select(m => m.Kind));
        var notices = await sandbox.InboxAsync("sam");
        var notice = Assert.Single(notices);
        Assert.Equal(new DateTimeOffset(2027, 2, 8, 8, 0, 0, TimeSpan.Zero), notice.At); // Friday 22:00 is outside Sam's hours in London: Monday 08:00
        Assert.StartsWith("For admins, 2 notes on escalations that stopped short:\n\nFor admins: Lee has no manager set", notice.Text, StringComparison.Ordinal);
        Assert.Contains("no escalation channel is set", notice.Text, StringComparison.Ordinal);
        Assert.Empty(await sandbox.ChannelAsync("escalations"));
    }
}
