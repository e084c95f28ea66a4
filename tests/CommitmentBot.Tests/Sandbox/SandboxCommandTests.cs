using System.Net.Http.Json;
using System.Text.Json;
using CommitmentBot.Sandbox;

namespace CommitmentBot.Tests.Sandbox;

/// <summary>Every command of SPEC "Commands", end to end through the sandbox's JSON API.</summary>
public sealed class SandboxCommandTests : IDisposable
{
    private readonly SandboxClient sandbox = new() { WithoutDigests = true };

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public async Task Say_ReturnsAMessage_WithTheFieldsSpecDefines()
    {
        using var response = await sandbox.Http.PostAsJsonAsync("/sandbox/api/say", new { user = "ana", text = "send revised quote for Acme by Friday 3pm" });
        var reply = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reply");

        Assert.Equal(JsonValueKind.String, reply.GetProperty("id").ValueKind);
        Assert.False(string.IsNullOrEmpty(reply.GetProperty("id").GetString()));
        Assert.Equal(JsonValueKind.String, reply.GetProperty("text").ValueKind);
        Assert.Equal(SandboxClient.Start, reply.GetProperty("at").GetDateTimeOffset());
        var buttons = reply.GetProperty("buttons").EnumerateArray().ToList();
        Assert.Equal(["edit:P-1", "undo:P-1"], buttons.Select(b => b.GetProperty("actionId").GetString()));
        Assert.Equal(["Edit", "Undo"], buttons.Select(b => b.GetProperty("label").GetString()));
    }

    [Fact]
    public async Task Create_ShowsTheDueInTheRepsZone_TheNudgePlan_AndEditUndo()
    {
        var reply = await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        Assert.Equal("Created", reply.Kind);
        Assert.Equal("reply:ana", reply.To);
        Assert.Equal(SandboxClient.Start, reply.At);
        Assert.Equal(
            """
            Got it: P-1 is saved. I'll keep an eye on it.

            P-1 · Acme
            send revised quote
            Due: Fri 5 Feb, 3:00 PM EST — in 4 days
            Nudge plan: heads-up Thu 4 Feb 1:30 PM · check-in at due (Fri 5 Feb 3:00 PM) · if no word, again Fri 5 Feb 5:00 PM · your manager would hear Mon 8 Feb 9:00 AM · #escalations Mon 8 Feb 1:00 PM
            """,
            reply.Text);
        Assert.Equal([("edit:P-1", "Edit"), ("undo:P-1", "Undo")], reply.ButtonPairs());
        var edit = reply.Button("edit:P-1");
        Assert.Equal(
            [("text", "send revised quote"), ("customer", "Acme"), ("date", "2027-02-05"), ("time", "15:00"), ("when", null)],
            edit.Inputs.Select(i => (i.Id, i.Initial)));
    }

    [Theory]
    [InlineData("send revised quote for Acme by Friday 3pm", "P-1 · Acme", "send revised quote", "Due: Fri 5 Feb, 3:00 PM EST — in 4 days")]
    [InlineData("Globex: demo environment ready by tomorrow", "P-1 · Globex", "demo environment ready", "Due: Tue 2 Feb, 6:00 PM EST — tomorrow")]
    [InlineData("Initech: ship the samples in 2 business days", "P-1 · Initech", "ship the samples", "Due: Wed 3 Feb, 9:00 AM EST — in 2 days")]
    [InlineData("call Umbrella back in 3 days", "P-1", "call Umbrella back", "Due: Thu 4 Feb, 9:00 AM EST — in 3 days")]
    [InlineData("/promise confirm delivery date for Hooli before EOD", "P-1 · Hooli", "confirm delivery date", "Due: Mon 1 Feb, 6:00 PM EST — in 9 hours")]
    public async Task Create_ReadsEveryForm(string text, string title, string what, string due)
    {
        var reply = await sandbox.SayAsync("ana", text);

        var lines = reply.Text.Split('\n');
        Assert.Equal("Got it: P-1 is saved. I'll keep an eye on it.", lines[0]);
        Assert.Equal([title, what, due], lines[2..5]);
        Assert.Equal(["P-1"], await sandbox.OpenIdsAsync("ana"));
    }

    [Fact]
    public async Task Create_InBusinessDays_SkipsTheWeekend_WhileCalendarDaysDoNot()
    {
        await sandbox.MoveToAsync(new DateTimeOffset(2027, 2, 5, 14, 0, 0, TimeSpan.Zero)); // Fri 09:00 in New York

        var business = await sandbox.SayAsync("ana", "Initech: ship the samples in 2 business days");
        var calendar = await sandbox.SayAsync("ana", "Initech: ship the invoice in 2 days");

        Assert.Contains("Due: Tue 9 Feb, 9:00 AM EST — in 4 days", business.Text, StringComparison.Ordinal);
        Assert.Contains("Due: Sun 7 Feb, 9:00 AM EST — in 2 days", calendar.Text, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2027, 2, 5, 14, 0, 0, TimeSpan.Zero), business.At);
    }

    [Fact]
    public async Task List_ShowsOpenPromisesSoonestFirst_WithBadgesAndButtons()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.SayAsync("ana", "Globex: demo environment ready by tomorrow");
        await sandbox.SayAsync("ana", "risk P-1 supplier is late");

        var list = await sandbox.SayAsync("ana", "list");

        Assert.Equal("List", list.Kind);
        Assert.Equal(
            """
            Your open promises, soonest first (2):

            P-2 · Globex
            demo environment ready
            Due: Tue 2 Feb, 6:00 PM EST — tomorrow
            Status: 🟢 open

            P-1 · Acme
            send revised quote
            Due: Fri 5 Feb, 3:00 PM EST — in 4 days
            Status: 🟠 at risk
            """,
            list.Text);
        Assert.Equal(
            [
                ("done:P-2", "Done"), ("risk:P-2", "At risk"), ("moretime:P-2", "Need more time"), ("missed:P-2", "Missed"),
                ("done:P-1", "Done"), ("moretime:P-1", "Need more time"), ("missed:P-1", "Missed"),
            ],
            list.ButtonPairs());
    }

    [Fact]
    public async Task List_GivesEachPromiseItsOwnSection_WithItsOwnButtons()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.SayAsync("ana", "Globex: demo environment ready by tomorrow");

        var list = await sandbox.SayAsync("ana", "list");

        Assert.Equal("Your open promises, soonest first (2):", list.Headline);
        Assert.Equal(2, list.Sections.Count);
        var globex = list.Sections[0];
        Assert.Equal(("P-2 · Globex", "demo environment ready"), (globex.Title, globex.Text));
        Assert.Equal([new SandboxFact("Due", "Tue 2 Feb, 6:00 PM EST — tomorrow"), new SandboxFact("Status", "🟢 open")], globex.Facts);
        Assert.Equal(["done:P-2", "risk:P-2", "moretime:P-2", "missed:P-2"], globex.Buttons.Select(b => b.ActionId));
        Assert.All(list.Sections[1].Buttons, b => Assert.EndsWith(":P-1", b.ActionId, StringComparison.Ordinal));
        Assert.Equal(list.Sections.SelectMany(s => s.Buttons).Select(b => b.ActionId), list.Buttons.Select(b => b.ActionId));
    }

    [Fact]
    public async Task List_SaysSo_WhenNothingIsOpen()
    {
        var list = await sandbox.SayAsync("ana", "list");

        Assert.Equal("You have no open promises. Make one: `/promise send revised quote for Acme by Friday 3pm`.", list.Text);
        Assert.Empty(list.Buttons);
    }

    [Fact]
    public async Task Done_ClosesAsKept_OnTime_AndAsKeptLate_AfterDue()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.SayAsync("ana", "Globex: demo environment ready by tomorrow");

        var onTime = await sandbox.SayAsync("ana", "done P-1");
        Assert.Equal("✅ P-1 kept, on time. Nice work — that's how a delivery record is built.", onTime.Text);

        await sandbox.MoveToAsync(new DateTimeOffset(2027, 2, 3, 1, 0, 0, TimeSpan.Zero)); // Tue 20:00 in New York, 2 hours past due
        var late = await sandbox.SayAsync("ana", "done P-2");
        Assert.Equal("☑️ P-2 delivered, 2 hours late. Recorded as kept late. If the customer felt it, consider making it right.", late.Text);
        Assert.Empty(await sandbox.OpenIdsAsync("ana"));
    }

    [Fact]
    public async Task Risk_BeforeDue_WarnsTheManagerAtOnce_AsAnEarlyWarning()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        var reply = await sandbox.SayAsync("ana", "risk P-1 supplier is late");

        Assert.Equal("Playbook", reply.Kind);
        Assert.StartsWith(
            "🟠 P-1 flagged at risk. Your manager has an early warning — flagged before due, it counts in your favour.",
            reply.Text,
            StringComparison.Ordinal);
        Assert.Contains("✓ Alert my manager", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(reply.Buttons, b => b.ActionId == "pb-manager:P-1");

        // 09:00 in New York is 08:00 in Chicago: inside Maria's working hours, so it is sent with the reply.
        var warning = Assert.Single(await sandbox.InboxAsync("maria"));
        Assert.Equal("ManagerEarlyWarning", warning.Kind);
        Assert.Equal("user:maria", warning.To);
        Assert.Equal(SandboxClient.Start, warning.At);
        Assert.Equal(
            """
            Early warning (not an escalation): Ana flagged P-1 for Acme at risk, 4 days before it is due: "supplier is late". Playbook: 1 of 7 steps done (Alert my manager); next: I own it.

            P-1 · Acme
            send revised quote
            Owner: Ana
            Due: Fri 5 Feb, 2:00 PM CST — in 4 days
            Status: 🟠 at risk
            """,
            warning.Text);
        Assert.Equal([("ack:P-1", "I'll help")], warning.ButtonPairs());
        Assert.Empty(await sandbox.InboxAsync("ana"));
    }

    [Fact]
    public async Task Risk_OutsideTheManagersHours_ReachesHerAtHerNextWorkingHour()
    {
        var evening = new DateTimeOffset(2027, 2, 2, 1, 0, 0, TimeSpan.Zero); // Mon 20:00 New York, 19:00 Chicago
        var nextMorning = new DateTimeOffset(2027, 2, 2, 14, 0, 0, TimeSpan.Zero); // Tue 08:00 Chicago
        await sandbox.MoveToAsync(evening);
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        await sandbox.SayAsync("ana", "risk P-1");

        Assert.Empty(await sandbox.InboxAsync("maria"));
        Assert.Equal(nextMorning, (await sandbox.ClockAsync()).Next);
        await sandbox.MoveToAsync(nextMorning.AddMinutes(-1));
        Assert.Empty(await sandbox.InboxAsync("maria"));
        await sandbox.MoveToAsync(nextMorning);
        var warning = Assert.Single(await sandbox.InboxAsync("maria"));
        Assert.Equal(("ManagerEarlyWarning", nextMorning), (warning.Kind, warning.At));
    }

    [Fact]
    public async Task Move_Renegotiates_AsksWhetherTheCustomerKnows_AndRecordsTheAnswer()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        var moved = await sandbox.SayAsync("ana", "move P-1 to next Tuesday customer agreed");

        Assert.Equal(
            """
            🔵 P-1 moved to Tue 9 Feb, 6:00 PM EST. A fresh set of nudges is set for the new date. Has the customer been told?

            P-1 · Acme
            send revised quote
            Why: customer agreed
            New due: Tue 9 Feb, 6:00 PM EST — in 8 days
            """,
            moved.Text);
        Assert.Equal([("told:P-1", "Yes, they know"), ("nottold:P-1", "Not yet")], moved.ButtonPairs());

        var told = await sandbox.ClickAsync("ana", moved, "told:P-1");
        Assert.Equal("Good — recorded that the customer knows about P-1's new date.", told.Text);

        var list = await sandbox.SayAsync("ana", "list");
        Assert.Contains("Due: Tue 9 Feb, 6:00 PM EST — in 8 days\nStatus: 🔵 renegotiated", list.Text, StringComparison.Ordinal);

        // The old date's ladder is gone: nothing arrives around Friday.
        await sandbox.MoveToAsync(new DateTimeOffset(2027, 2, 6, 12, 0, 0, TimeSpan.Zero));
        Assert.Empty(await sandbox.InboxAsync("ana"));
    }

    [Fact]
    public async Task Move_ToAnUnreadableDate_ChangesNothing()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        var reply = await sandbox.SayAsync("ana", "move P-1 to Feb 30");

        Assert.Equal("Error", reply.Kind);
        Assert.Contains("there is no 30 February", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Nothing changed.", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Due: Fri 5 Feb, 3:00 PM EST", (await sandbox.SayAsync("ana", "list")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missed_Closes_AndOffersTheSlipPlaybook()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        var reply = await sandbox.SayAsync("ana", "missed P-1 customer walked");

        Assert.Equal("Playbook", reply.Kind);
        Assert.StartsWith("P-1 closed as missed. Own it, and make it right with the customer:", reply.Text, StringComparison.Ordinal);
        Assert.Contains("☐ Record what I offered", reply.Text, StringComparison.Ordinal);
        var makeRight = reply.Button("pb-makeright:P-1");
        Assert.Equal("note", Assert.Single(makeRight.Inputs).Id);
        Assert.Empty(await sandbox.OpenIdsAsync("ana"));
        Assert.Equal("P-1 is already missed; nothing changed.", (await sandbox.SayAsync("ana", "missed P-1")).Text);
    }

    [Fact]
    public async Task Cancel_Withdraws_AndCountsNeitherWay()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        var reply = await sandbox.SayAsync("ana", "cancel P-1 no longer needed");

        Assert.Equal(("Reply", "P-1 cancelled. It won't count either way."), (reply.Kind, reply.Text));
        Assert.Empty(await sandbox.OpenIdsAsync("ana"));
        Assert.StartsWith(
            "Your record, last 30 days: nothing fell due yet, and nothing the period before. A promise counts in the period its due falls in, once that due has passed.",
            (await sandbox.SayAsync("ana", "record")).Text,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsTheCommandsWithExamples()
    {
        var help = await sandbox.SayAsync("ana", "help");

        Assert.Equal("Help", help.Kind);
        foreach (var example in (string[])["/promise send revised quote for Acme by Friday 3pm", "/promise list", "/promise done P-3", "/promise move P-3", "/promise cancel P-3", "/promise team", "/promise record", "/promise settings zone", "/promise admin channel"])
        {
            Assert.Contains(example, help.Text, StringComparison.Ordinal);
        }

        Assert.Contains("in 2 business days", help.Text, StringComparison.Ordinal);
        Assert.Empty(help.Buttons);
    }

    [Fact]
    public async Task SettingsZone_ChangesHowDuesAreReadAndShown()
    {
        var reply = await sandbox.SayAsync("ana", "settings zone Europe/Paris");
        Assert.Equal("Your time zone is now Europe/Paris (it is Mon 1 Feb, 3:00 PM CET there now, daylight saving included). Times I show you and due times you type use it.", reply.Text);

        var created = await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        Assert.Contains("Due: Fri 5 Feb, 3:00 PM CET — in 4 days", created.Text, StringComparison.Ordinal);
        Assert.Contains("Time zone: Europe/Paris", (await sandbox.SayAsync("ana", "settings")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsHours_MoveTheEndOfTheDay_ThatADateWithoutATimeMeans()
    {
        var reply = await sandbox.SayAsync("ana", "settings hours Mon-Fri 09:00-17:00");
        Assert.Equal("Your working hours are now Mon-Fri 09:00-17:00. Nudges arrive inside them; a date with no time means 17:00.", reply.Text);

        var created = await sandbox.SayAsync("ana", "send revised quote for Acme by tomorrow");

        Assert.Contains("Due: Tue 2 Feb, 5:00 PM EST — tomorrow", created.Text, StringComparison.Ordinal);
        Assert.Equal(
            """
            Your settings (change with `/promise settings zone|hours|manager …`):

            Time zone: America/New_York
            Working hours: Mon-Fri 09:00-17:00
            Manager: Maria
            """,
            (await sandbox.SayAsync("ana", "settings")).Text);
    }

    [Fact]
    public async Task SettingsManager_SendsEarlyWarningsToTheNewManager()
    {
        var reply = await sandbox.SayAsync("ana", "settings manager @sam");
        Assert.Equal("Your manager is now Sam. They hear early warnings you raise and escalations if a promise slips silently.", reply.Text);
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        await sandbox.SayAsync("ana", "risk P-1");

        // Sam (new manager, and an admin) hears of the change once, then the early warning; Maria only of the change (9.19).
        Assert.Equal(["TeamChange", "ManagerEarlyWarning"], (await sandbox.InboxAsync("sam")).Select(m => m.Kind));
        Assert.Equal(["TeamChange"], (await sandbox.InboxAsync("maria")).Select(m => m.Kind));
        Assert.Contains("Manager: Sam", (await sandbox.SayAsync("ana", "settings")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminManager_SetsWhoReportsToWhom()
    {
        await sandbox.PutUserAsync("lee", "Lee", "America/New_York");

        var reply = await sandbox.SayAsync("sam", "admin manager @lee @maria");
        await sandbox.SayAsync("lee", "Hooli: send the contract by Friday 3pm");

        Assert.Equal("Maria is now Lee's manager.", reply.Text);
        var team = await sandbox.SayAsync("maria", "team");
        Assert.Contains("P-1 · Hooli\nsend the contract\nOwner: Lee", team.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminChannel_SaidInAChannel_SendsEscalationsThere()
    {
        var reply = await sandbox.SayAsync("sam", "admin channel", channel: "deals");
        Assert.Equal("Escalations will be posted in #deals.", reply.Text);
        var created = await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        Assert.Contains("#deals Mon 8 Feb 1:00 PM", created.Text, StringComparison.Ordinal);

        await sandbox.MoveToAsync(new DateTimeOffset(2027, 2, 9, 14, 0, 0, TimeSpan.Zero));

        var post = Assert.Single(await sandbox.ChannelAsync("deals"));
        Assert.Equal(("ChannelEscalation", "channel:deals"), (post.Kind, post.To));
        Assert.Empty(await sandbox.ChannelAsync("escalations"));
    }

    [Fact]
    public async Task AdminChannel_InADirectMessage_IsRefused()
    {
        var reply = await sandbox.SayAsync("sam", "admin channel");

        Assert.Equal("Error", reply.Kind);
        Assert.Equal("Run `/promise admin channel` inside the channel escalations should go to (not in a direct message).", reply.Text);
    }

    [Fact]
    public async Task AdminDateOrder_SwitchesHowNumericDatesRead()
    {
        var mdy = await sandbox.SayAsync("ana", "send the deck by 3/2");
        Assert.Contains("Due: Tue 2 Mar, 6:00 PM EST", mdy.Text, StringComparison.Ordinal);

        var reply = await sandbox.SayAsync("sam", "admin dateorder DMY");
        var dmy = await sandbox.SayAsync("ana", "send the notes by 3/2");

        Assert.Equal("Numeric dates now read as day/month (12/5 = 12 May).", reply.Text);
        Assert.Contains("Due: Wed 3 Feb, 6:00 PM EST", dmy.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminPolicy_ShowsAndChangesTheValuesNewPromisesUse()
    {
        var shown = await sandbox.SayAsync("sam", "admin policy");
        Assert.Contains("headsup: 25% of the window, between 1 hour and 2 days", shown.Text, StringComparison.Ordinal);

        var changed = await sandbox.SayAsync("sam", "admin policy headsup 50%");
        var created = await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        Assert.StartsWith("Policy updated.", changed.Text, StringComparison.Ordinal);
        Assert.Contains("headsup: 50% of the window", changed.Text, StringComparison.Ordinal);
        // Half of the 102-hour window is 51 hours, held to the 48-hour maximum: Wednesday 3 PM.
        Assert.Contains("Nudge plan: heads-up Wed 3 Feb 3:00 PM", created.Text, StringComparison.Ordinal);
        Assert.Equal("Error", (await sandbox.SayAsync("sam", "admin policy overdue banana")).Kind);
    }

    [Fact]
    public async Task AdminImport_ReadsRepManagerPairs()
    {
        var reply = await sandbox.SayAsync("sam", "admin import\nrep,manager\nlee,maria\nkim,maria");

        Assert.Equal("Imported 2 rep → manager pairs.", reply.Text);
        var users = await sandbox.Http.GetFromJsonAsync<SandboxApi.UserView[]>("/sandbox/api/users");
        Assert.Equal("maria", Assert.Single(users!, u => u.Id == "lee").Manager);
        Assert.Equal("maria", Assert.Single(users!, u => u.Id == "kim").Manager);
    }

    [Fact]
    public async Task Admin_IsRefused_ToSomeoneWhoIsNotAnAdmin()
    {
        var reply = await sandbox.SayAsync("ana", "admin dateorder DMY");

        Assert.Equal(("Error", "Only admins can change workspace settings. Ask Sam."), (reply.Kind, reply.Text));
        Assert.Contains("Due: Tue 2 Mar", (await sandbox.SayAsync("ana", "send the deck by 3/2")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Team_ShowsTheReportsOpenPromises_OverdueFirst()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.SayAsync("ana", "Globex: demo environment ready by Wednesday");
        await sandbox.SayAsync("ana", "Initech: book the workshop by tomorrow");
        await sandbox.SayAsync("ana", "risk P-1");
        await sandbox.MoveToAsync(new DateTimeOffset(2027, 2, 3, 14, 0, 0, TimeSpan.Zero)); // Wed 08:00 Chicago

        var team = await sandbox.SayAsync("maria", "team");

        Assert.Equal("List", team.Kind);
        Assert.Equal(
            """
            Your team's open promises: 3 (1 overdue, 1 at risk):

            P-3 · Initech
            book the workshop
            Owner: Ana
            Due: Tue 2 Feb, 5:00 PM CST — 15 hours late
            Status: 🔴 overdue

            P-1 · Acme
            send revised quote
            Owner: Ana
            Due: Fri 5 Feb, 2:00 PM CST — in 2 days
            Status: 🟠 at risk

            P-2 · Globex
            demo environment ready
            Owner: Ana
            Due: Wed 3 Feb, 5:00 PM CST — in 9 hours
            Status: 🟢 open
            """,
            team.Text);
        Assert.StartsWith("Nobody reports to you yet.", (await sandbox.SayAsync("ana", "team")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_CountsWhatWasClosed_ForMe_AReport_AndTheTeam()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.SayAsync("ana", "Globex: demo environment ready by tomorrow");
        await sandbox.SayAsync("ana", "done P-1");
        await sandbox.SayAsync("ana", "missed P-2 customer walked");
        // A promise counts in the period its due falls in (SPEC, "Which promises count"): both dues pass first.
        await sandbox.MoveToAsync(new DateTimeOffset(2027, 2, 6, 12, 0, 0, TimeSpan.Zero));

        var mine = await sandbox.SayAsync("ana", "record");
        var report = await sandbox.SayAsync("maria", "record @ana 30d");
        var team = await sandbox.SayAsync("maria", "record team");

        // P-1 kept before its due (on time), P-2 missed: the same figures for Ana, to Ana and to her manager, and for the team.
        string[] figures = ["Kept its word: 50% (1 of 2)", "On time: 50% (1 of 2)", "Kept late: 0", "Missed: 1", "Surprises (the manager heard from the bot): 0"];
        Assert.StartsWith("Your record, last 30 days", mine.Text, StringComparison.Ordinal);
        foreach (var text in (string[])[mine.Text, report.Text, team.Text])
        {
            Assert.All(figures, figure => Assert.Contains(figure, text, StringComparison.Ordinal));
        }

        var refused = await sandbox.SayAsync("ana", "record @maria");
        Assert.Equal("Error", refused.Kind);
        Assert.StartsWith("You can see your own record and, as their manager,", refused.Text, StringComparison.Ordinal);
    }
}
