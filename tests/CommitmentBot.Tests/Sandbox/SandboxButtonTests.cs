namespace CommitmentBot.Tests.Sandbox;

/// <summary>Buttons pressed through <c>POST /sandbox/api/click</c>, with and without submitted values.</summary>
public sealed class SandboxButtonTests : IDisposable
{
    private readonly SandboxClient sandbox = new() { WithoutDigests = true };

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public async Task Undo_WithdrawsTheNewPromise_Once()
    {
        var created = await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        var undone = await sandbox.ClickAsync("ana", created, "undo:P-1");

        Assert.Equal(("Reply", "Undone: P-1 is withdrawn and won't count."), (undone.Kind, undone.Text));
        Assert.Equal(SandboxClient.Start, undone.At);
        Assert.Empty(await sandbox.OpenIdsAsync("ana"));
        var again = await sandbox.ClickAsync("ana", created, "undo:P-1");
        Assert.Equal(("Error", "P-1 is already cancelled; nothing to undo."), (again.Kind, again.Text));

        // Withdrawn means no nudges either.
        await sandbox.AdvanceAsync("P10D");
        Assert.Empty(await sandbox.InboxAsync("ana"));
    }

    [Fact]
    public async Task Edit_WithoutValues_OffersTheFormPrefilled()
    {
        var created = await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        var form = await sandbox.ClickAsync("ana", created, "edit:P-1");

        Assert.StartsWith("Edit P-1: change what you need and press Edit.", form.Text, StringComparison.Ordinal);
        var edit = Assert.Single(form.Buttons);
        Assert.Equal(("edit:P-1", "Edit"), (edit.ActionId, edit.Label));
        Assert.Equal(
            [("text", "send revised quote", true), ("customer", "Acme", false), ("date", "2027-02-05", true), ("time", "15:00", false), ("when", null, false)],
            edit.Inputs.Select(i => (i.Id, i.Initial, i.Required)));
    }

    [Fact]
    public async Task Edit_WithValues_ChangesTextCustomerAndDue()
    {
        var created = await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        var edited = await sandbox.ClickAsync("ana", created, "edit:P-1", new Dictionary<string, string>
        {
            ["text"] = "send the signed quote",
            ["customer"] = "Acme Ltd",
            ["date"] = "2027-02-04",
            ["time"] = "11:00",
        });

        Assert.Equal(
            """
            Updated P-1 (text, customer, due).

            P-1 · Acme Ltd
            send the signed quote
            Due: Thu 4 Feb, 11:00 AM EST — in 3 days
            Status: 🟢 open
            """,
            edited.Text);
        Assert.Contains("P-1 · Acme Ltd\nsend the signed quote\nDue: Thu 4 Feb, 11:00 AM EST", (await sandbox.SayAsync("ana", "list")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NeedMoreTime_FromTheList_MovesThatPromise_ToTheSubmittedDateAndTime()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.SayAsync("ana", "Globex: demo environment ready by tomorrow");
        var list = await sandbox.SayAsync("ana", "list");

        // Each promise's button carries its own date and time, starting at its own due.
        Assert.Equal([("date", "2027-02-02"), ("time", "18:00"), ("when", null)], list.Button("moretime:P-2").Inputs.Select(i => (i.Id, i.Initial)));
        Assert.Equal([("date", "2027-02-05"), ("time", "15:00"), ("when", null)], list.Button("moretime:P-1").Inputs.Select(i => (i.Id, i.Initial)));
        Assert.Equal(["date", "time", "text"], list.Button("moretime:P-1").Inputs.Select(i => i.Kind));

        var moved = await sandbox.ClickAsync("ana", list, "moretime:P-2", new Dictionary<string, string> { ["date"] = "2027-02-10", ["time"] = "11:00" });

        Assert.StartsWith("🔵 P-2 moved to Wed 10 Feb, 11:00 AM EST.", moved.Text, StringComparison.Ordinal);
        Assert.Equal([("told:P-2", "Yes, they know"), ("nottold:P-2", "Not yet")], moved.ButtonPairs());
        var notTold = await sandbox.ClickAsync("ana", moved, "nottold:P-2");
        Assert.StartsWith("Recorded. Tell them soon", notTold.Text, StringComparison.Ordinal);
        Assert.Equal(["P-1", "P-2"], await sandbox.OpenIdsAsync("ana"));
    }

    [Fact]
    public async Task NeedMoreTime_WithoutValues_AsksForTheDate()
    {
        var list = await SayListAsync();

        var asked = await sandbox.ClickAsync("ana", list, "moretime:P-1");

        Assert.StartsWith("Need more time on P-1?", asked.Text, StringComparison.Ordinal);
        var moveIt = Assert.Single(asked.Buttons);
        Assert.Equal(("moretime:P-1", "Move it"), (moveIt.ActionId, moveIt.Label));
        Assert.Equal([("date", "2027-02-05"), ("time", "15:00"), ("when", null)], moveIt.Inputs.Select(i => (i.Id, i.Initial)));
        var moved = await sandbox.ClickAsync("ana", asked, "moretime:P-1", new Dictionary<string, string> { ["date"] = "2027-02-09" });
        Assert.StartsWith("🔵 P-1 moved to Tue 9 Feb, 6:00 PM EST.", moved.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2027-02-30", "15:00", "there is no 30 February")]
    [InlineData("2027-02-05", "25:00", "there is no 25:00")]
    [InlineData("2027-01-29", "15:00", "that time has already passed")]
    public async Task NeedMoreTime_WithAnImpossibleOrPastDate_ChangesNothing(string date, string time, string reason)
    {
        var list = await SayListAsync();

        var reply = await sandbox.ClickAsync("ana", list, "moretime:P-1", new Dictionary<string, string> { ["date"] = date, ["time"] = time });

        Assert.Equal("Error", reply.Kind);
        Assert.Contains(reason, reply.Text, StringComparison.Ordinal);
        Assert.EndsWith("Nothing changed.", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Due: Fri 5 Feb, 3:00 PM EST — in 4 days\nStatus: 🟢 open", (await sandbox.SayAsync("ana", "list")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtRisk_FromTheList_FlagsIt_AndWarnsTheManager()
    {
        var list = await SayListAsync();

        var flagged = await sandbox.ClickAsync("ana", list, "risk:P-1");

        Assert.StartsWith("🟠 P-1 flagged at risk.", flagged.Text, StringComparison.Ordinal);
        Assert.Equal("ManagerEarlyWarning", Assert.Single(await sandbox.InboxAsync("maria")).Kind);
    }

    [Fact]
    public async Task Playbook_RecordsEachStep_AndKeepsThemTicked()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        var playbook = await sandbox.SayAsync("ana", "risk P-1 supplier is late");
        Assert.Equal(
            ["pb-own:P-1", "pb-options:P-1", "pb-customer:P-1", "pb-apologise:P-1", "pb-makeright:P-1", "pb-newdate:P-1"],
            playbook.Buttons.Select(b => b.ActionId));
        Assert.Contains("Draft:\n> Hi Acme team, I said I would send revised quote by Fri 5 Feb, 3:00 PM EST", playbook.Text, StringComparison.Ordinal);

        var owned = await sandbox.ClickAsync("ana", playbook, "pb-own:P-1");
        Assert.StartsWith("Owned. Next: tell your manager, then the customer.", owned.Text, StringComparison.Ordinal);
        Assert.Contains("✓ I own it", owned.Text, StringComparison.Ordinal);
        Assert.Contains("✓ Alert my manager", owned.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(owned.Buttons, b => b.ActionId is "pb-own:P-1" or "pb-manager:P-1");

        var told = await sandbox.ClickAsync("ana", owned, "pb-customer:P-1");
        Assert.StartsWith("Recorded that the customer is told.", told.Text, StringComparison.Ordinal);

        var withoutNote = await sandbox.ClickAsync("ana", told, "pb-makeright:P-1");
        Assert.Equal(("Error", "Write what you offered the customer, then press the button again."), (withoutNote.Kind, withoutNote.Text));

        var madeRight = await sandbox.ClickAsync("ana", told, "pb-makeright:P-1", new Dictionary<string, string> { ["note"] = "a free month of support" });
        Assert.StartsWith("Recorded what you offered. That's how trust comes back.", madeRight.Text, StringComparison.Ordinal);
        foreach (var step in (string[])["✓ I own it", "✓ Alert my manager", "✓ Customer told", "✓ Record what I offered", "☐ Options listed", "☐ Apologised", "☐ Record the new date"])
        {
            Assert.Contains(step, madeRight.Text, StringComparison.Ordinal);
        }

        var newDate = await sandbox.ClickAsync("ana", madeRight, "pb-newdate:P-1", new Dictionary<string, string> { ["date"] = "2027-02-12", ["time"] = "15:00" });
        Assert.StartsWith("🔵 P-1 moved to Fri 12 Feb, 3:00 PM EST.", newDate.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagerButtons_AreTheManagers_NotTheReps()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.SayAsync("ana", "risk P-1");
        var warning = Assert.Single(await sandbox.InboxAsync("maria"));

        var helping = await sandbox.ClickAsync("maria", warning, "ack:P-1");

        Assert.Equal("Thanks — you're handling P-1 with Ana. The escalation channel won't be told.", helping.Text);
        var again = await sandbox.ClickAsync("maria", warning, "ack:P-1");
        Assert.Equal("P-1 is already being handled.", again.Text);
    }

    [Fact]
    public async Task ChannelPost_IsVisibleToAll_ButOnlyTheManagerOrAnAdminTakesItOn()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.MoveToAsync(new DateTimeOffset(2027, 2, 9, 14, 0, 0, TimeSpan.Zero));
        var post = Assert.Single(await sandbox.ChannelAsync("escalations"));

        var byRep = await sandbox.ClickAsync("ana", post, "ack:P-1");
        var byAdmin = await sandbox.ClickAsync("sam", post, "ack:P-1");

        Assert.Equal(("Error", "Only Ana's manager or an admin can take P-1 on."), (byRep.Kind, byRep.Text));
        Assert.Equal("Thanks — you're handling P-1 with Ana. The escalation channel won't be told.", byAdmin.Text);
    }

    private async Task<CommitmentBot.Sandbox.SandboxMessage> SayListAsync()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        return await sandbox.SayAsync("ana", "list");
    }
}
