using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.TestSupport.Stores;
using Microsoft.Extensions.Time.Testing;

namespace CommitmentBot.Core.Tests.Commands;

public sealed class CommandRunnerTests
{
    private const string Ws = "T1";

    // Wednesday 25 Nov 2026, 09:00 in New York.
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero));
    private readonly InMemoryStores stores = new();
    private readonly CommandRunner runner;

    public CommandRunnerTests()
    {
        runner = new CommandRunner(stores, stores, stores, stores, clock);
        Seed(new Person { WorkspaceId = Ws, UserId = "ana", DisplayName = "Ana", TimeZone = "America/New_York", ManagerId = "maria" });
        Seed(new Person { WorkspaceId = Ws, UserId = "maria", DisplayName = "Maria", TimeZone = "America/Chicago" });
        Seed(new Person { WorkspaceId = Ws, UserId = "bob", DisplayName = "Bob", TimeZone = "Europe/London" });
    }

    private void Seed(Person person) => stores.UpsertAsync(person, default).GetAwaiter().GetResult();

    private Task<OutboundMessage> Say(string user, string text, string? requestId = null, string? channel = null) =>
        runner.HandleAsync(new ChatRequest { Platform = "test", WorkspaceId = Ws, UserId = user, Text = text, ClientRequestId = requestId, ChannelId = channel, IsDirectMessage = channel is null }, default);

    private Task<OutboundMessage> Click(string user, string actionId, Dictionary<string, string>? values = null) =>
        runner.HandleAsync(new ChatRequest { Platform = "test", WorkspaceId = Ws, UserId = user, Action = new ChatAction(actionId, values ?? []) }, default);

    [Fact]
    public async Task Create_SavesAndRepliesWithDueRelativePlanAndButtons()
    {
        var reply = await Say("ana", "send revised quote for Acme by Friday 3pm");

        Assert.Equal(MessageKind.Created, reply.Kind);
        var c = stores.Get(Ws, 1);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 20, 0, 0, TimeSpan.Zero), c.DueAt);
        Assert.Equal(("send revised quote", "Acme"), (c.Text, c.Customer));
        Assert.Equal(CommitmentStatus.Open, c.Status);
        Assert.Equal(LadderStepKind.HeadsUp, c.NextStep);
        var text = reply.ToPlainText();
        Assert.Contains("P-1", text, StringComparison.Ordinal);
        Assert.Contains("Fri 27 Nov, 3:00 PM EST — in 2 days", text, StringComparison.Ordinal);
        Assert.Contains("your manager would hear", text, StringComparison.Ordinal);
        Assert.Equal(["edit:P-1", "undo:P-1"], reply.AllButtons.Select(b => b.ActionId));
        Assert.Single(stores.Events, e => e.Kind == CommitmentEventKinds.Created && e.CommitmentId == c.Id);
    }

    [Fact]
    public async Task Create_IsIdempotent_OnClientRequestId()
    {
        await Say("ana", "send quote by Friday", requestId: "req-1");
        var again = await Say("ana", "send quote by Friday", requestId: "req-1");

        Assert.Equal(MessageKind.Created, again.Kind);
        Assert.Single(await stores.ListActiveByOwnersAsync(Ws, ["ana"], 10, default));
    }

    [Theory]
    [InlineData("send quote for Acme", "By when?")]
    [InlineData("send quote by Feb 30", "30 February")]
    [InlineData("send quote by 25:00", "couldn't use \"25:00\"")]
    [InlineData("send quote by yesterday-ish", "I couldn't read \"yesterday-ish\" as a date or time. Try e.g.")]
    public async Task Create_RefusesBadDue_AndStoresNothing(string text, string expected)
    {
        var reply = await Say("ana", text);

        Assert.Equal(MessageKind.Error, reply.Kind);
        Assert.Contains(expected, reply.Text, StringComparison.Ordinal);
        Assert.Contains("Nothing was saved", reply.Text, StringComparison.Ordinal);
        Assert.Empty(await stores.ListActiveByOwnersAsync(Ws, ["ana"], 10, default));
    }

    [Fact]
    public async Task Create_RefusesPastDue()
    {
        var reply = await Say("ana", "send quote by 8am"); // 08:00 today has passed at 09:00, so "8am" means tomorrow...
        Assert.Equal(MessageKind.Created, reply.Kind);   // ...which is fine: a bare time rolls to tomorrow.

        var past = await Say("ana", "send quote by 2026-11-24");
        Assert.Equal(MessageKind.Error, past.Kind);
        Assert.Contains("already passed", past.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WarnsWhenNoRoomIsLeft()
    {
        var reply = await Say("ana", "call Acme back in 30 minutes");
        Assert.Equal(MessageKind.Created, reply.Kind);
        Assert.Contains("leaves no room", reply.ToPlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ShowsOpenPromisesSoonestFirst_WithButtons()
    {
        await Say("ana", "second thing by next Friday");
        await Say("ana", "first thing by tomorrow");
        await Say("bob", "not ana's by tomorrow");

        var reply = await Say("ana", "list");

        Assert.Equal(MessageKind.List, reply.Kind);
        Assert.Equal(["P-2", "P-1"], reply.Sections.Select(s => s.CommitmentRef));
        Assert.Contains(reply.AllButtons, b => b.ActionId == "done:P-2");
        Assert.Contains(reply.AllButtons, b => b.ActionId == "moretime:P-2" && b.InputIds!.Contains(ActionIds.DateInput));
    }

    [Fact]
    public async Task Done_ClosesAsKept_ThenRefusesASecondClose()
    {
        await Say("ana", "send quote by Friday");
        var reply = await Say("ana", "done P-1");
        Assert.Contains("kept", reply.Text, StringComparison.Ordinal);
        var c = stores.Get(Ws, 1);
        Assert.Equal(CommitmentStatus.Kept, c.Status);
        Assert.Null(c.NextActionAt);

        var again = await Say("ana", "missed P-1");
        Assert.Equal(MessageKind.Error, again.Kind);
        Assert.Contains("already kept", again.Text, StringComparison.Ordinal);
        Assert.Equal(CommitmentStatus.Kept, stores.Get(Ws, 1).Status);
    }

    [Fact]
    public async Task Done_AfterDue_ClosesAsKeptLate()
    {
        await Say("ana", "send quote in 2 hours");
        clock.Advance(TimeSpan.FromHours(3));
        await Say("ana", "done P-1");
        Assert.Equal(CommitmentStatus.KeptLate, stores.Get(Ws, 1).Status);
    }

    [Fact]
    public async Task Changes_AreRefused_OnSomeoneElsesOrUnknownId()
    {
        await Say("ana", "send quote by Friday");

        var theirs = await Say("bob", "done P-1");
        Assert.Equal(MessageKind.Error, theirs.Kind);
        Assert.Contains("isn't yours", theirs.Text, StringComparison.Ordinal);
        Assert.Equal(CommitmentStatus.Open, stores.Get(Ws, 1).Status);

        var unknown = await Say("ana", "done P-99");
        Assert.Contains("can't find P-99", unknown.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Risk_BeforeDue_WarnsTheManagerEarly_InsideTheirWorkingHours()
    {
        await Say("ana", "send quote for Acme by Friday");

        var reply = await Say("ana", "risk P-1 supplier is late");

        Assert.Equal(MessageKind.Playbook, reply.Kind);
        Assert.Contains("early warning", reply.Text, StringComparison.Ordinal);
        var c = stores.Get(Ws, 1);
        Assert.Equal(CommitmentStatus.AtRisk, c.Status);
        Assert.True(c.RiskRaisedBeforeDue);
        var warning = Assert.Single(stores.Notifications);
        Assert.Equal((LadderStepKind.EarlyWarning, RecipientKind.User, "maria"), (warning.Note.Step, warning.Note.RecipientKind, warning.Note.RecipientId));
        // 09:00 in New York is 08:00 in Chicago: inside Maria's hours, so it goes now.
        Assert.Equal(clock.GetUtcNow(), warning.Note.DeliverAt);
        Assert.Equal(1, stores.Signals);
        Assert.Contains(reply.AllButtons, b => b.ActionId == "pb-customer:P-1");
        Assert.Contains(stores.Events, e => e.Kind == CommitmentEventKinds.AtRisk && e.Note == "supplier is late");

        var twice = await Say("ana", "risk P-1");
        Assert.Contains("already flagged", twice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Risk_EarlyWarning_WaitsForTheManagersWorkingHours()
    {
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 12, 30, 0, TimeSpan.Zero)); // Thu 06:30 in Chicago
        await Say("ana", "send quote by Friday");
        await Say("ana", "risk P-1");
        var warning = Assert.Single(stores.Notifications);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 14, 0, 0, TimeSpan.Zero), warning.Note.DeliverAt); // 08:00 Chicago
    }

    [Fact]
    public async Task Move_Renegotiates_RestartsTheLadder_AndAsksAboutTheCustomer()
    {
        await Say("ana", "send quote by Friday");
        var before = stores.Get(Ws, 1);

        var reply = await Say("ana", "move P-1 to next Tuesday customer agreed");

        var c = stores.Get(Ws, 1);
        Assert.Equal(CommitmentStatus.Renegotiated, c.Status);
        Assert.Equal(2, c.DueVersion);
        Assert.True(c.DueAt > before.DueAt);
        Assert.Equal(DayOfWeek.Tuesday, c.DueAt.ToOffset(TimeSpan.FromHours(-5)).DayOfWeek);
        Assert.Equal(clock.GetUtcNow(), c.WindowStart);
        Assert.NotNull(c.NextActionAt);
        Assert.Contains(stores.Events, e => e.Kind == CommitmentEventKinds.Moved && e.Note!.Contains("customer agreed", StringComparison.Ordinal));
        Assert.Equal(["told:P-1", "nottold:P-1"], reply.AllButtons.Select(b => b.ActionId));

        await Click("ana", "told:P-1");
        Assert.Contains(stores.Events, e => e.Kind == CommitmentEventKinds.CustomerTold && e.Note == "yes");
    }

    [Fact]
    public async Task MoreTimeButton_WithDateInputs_Moves()
    {
        await Say("ana", "send quote by Friday");
        var reply = await Click("ana", "moretime:P-1", new() { ["date"] = "2026-12-04", ["time"] = "10:00" });
        Assert.NotEqual(MessageKind.Error, reply.Kind);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 15, 0, 0, TimeSpan.Zero), stores.Get(Ws, 1).DueAt);
    }

    [Fact]
    public async Task MoreTimeButton_WithoutInputs_AsksForTheDate()
    {
        await Say("ana", "send quote by Friday");
        var reply = await Click("ana", "moretime:P-1");
        Assert.Contains(reply.Sections.SelectMany(s => s.Inputs), i => i.Kind == InputKind.Date);
        Assert.Equal(1, stores.Get(Ws, 1).DueVersion);
    }

    [Fact]
    public async Task Undo_WithdrawsThePromise()
    {
        await Say("ana", "send quote by Friday");
        await Click("ana", "undo:P-1");
        var c = stores.Get(Ws, 1);
        Assert.Equal(CommitmentStatus.Cancelled, c.Status);
        Assert.Contains(stores.Events, e => e.Kind == CommitmentEventKinds.Undone);
    }

    [Fact]
    public async Task Edit_ChangesTextCustomerAndDue()
    {
        await Say("ana", "send quote by Friday");
        var reply = await Click("ana", "edit:P-1", new() { ["text"] = "send the revised quote", ["customer"] = "Globex", ["date"] = "2026-11-30" });
        Assert.Contains("Updated P-1", reply.Text, StringComparison.Ordinal);
        var c = stores.Get(Ws, 1);
        Assert.Equal(("send the revised quote", "Globex", 2), (c.Text, c.Customer, c.DueVersion));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero), c.DueAt); // 18:00 EST
    }

    [Fact]
    public async Task Acknowledge_IsForTheManagerOnly_AndStopsTheChannelStep()
    {
        await Say("ana", "send quote by Friday");
        var refused = await Click("bob", "ack:P-1");
        Assert.Equal(MessageKind.Error, refused.Kind);
        await Click("maria", "ack:P-1");
        Assert.NotNull(stores.Get(Ws, 1).ManagerAcknowledgedAt);
    }

    [Fact]
    public async Task Playbook_StepsAreRecorded_AndAlertManagerNotifiesOnce()
    {
        await Say("ana", "send quote by Friday");
        clock.Advance(TimeSpan.FromDays(3)); // past due, no early warning was sent
        await Say("ana", "risk P-1");
        Assert.Empty(stores.Notifications);

        var reply = await Click("ana", "pb-manager:P-1");
        Assert.Equal(MessageKind.Playbook, reply.Kind);
        Assert.Single(stores.Notifications);
        Assert.Contains(reply.Sections, s => s.Title == "✓ Alert my manager");

        var offered = await Click("ana", "pb-makeright:P-1", new() { ["note"] = "free expedited shipping" });
        Assert.Contains(stores.Events, e => e.Kind == CommitmentEventKinds.Playbook && e.Note == "makeright: free expedited shipping");
        Assert.Contains(offered.Sections, s => s.Title == "✓ Record what I offered");
    }

    [Fact]
    public async Task Admin_FirstAdminBootstraps_ThenOthersAreRefused()
    {
        var first = await Say("bob", "admin dateorder DMY");
        Assert.Contains("you are now its admin", first.Text, StringComparison.Ordinal);
        Assert.Equal(Core.Time.DateOrder.DMY, (await ((IWorkspaceStore)stores).FindAsync(Ws, default))!.DateOrder);

        var refused = await Say("ana", "admin dateorder MDY");
        Assert.Equal(MessageKind.Error, refused.Kind);
        Assert.Contains("Only admins", refused.Text, StringComparison.Ordinal);

        // DMY now reads 4/12 as 4 December.
        await Say("ana", "send quote by 4/12");
        Assert.Equal(12, stores.Get(Ws, 1).DueAt.Month);
    }

    [Fact]
    public async Task AdminChannel_MustRunInsideAChannel()
    {
        await Say("bob", "admin");
        var dm = await Say("bob", "admin channel");
        Assert.Equal(MessageKind.Error, dm.Kind);
        await Say("bob", "admin channel", channel: "C42");
        Assert.Equal("C42", (await ((IWorkspaceStore)stores).FindAsync(Ws, default))!.EscalationChannelId);
    }

    [Fact]
    public async Task AdminPolicy_AppliesToNewPromisesOnly()
    {
        await Say("bob", "admin");
        await Say("ana", "old one by Friday");
        var reply = await Say("bob", "admin policy manager 6h");
        Assert.Contains("Policy updated", reply.Text, StringComparison.Ordinal);
        await Say("ana", "new one by Friday");

        Assert.Equal(TimeSpan.FromHours(4), stores.Get(Ws, 1).Policy.ManagerAfter);
        Assert.Equal(TimeSpan.FromHours(6), stores.Get(Ws, 2).Policy.ManagerAfter);
        Assert.Equal(MessageKind.Error, (await Say("bob", "admin policy overdue 8h")).Kind); // overdue after manager: refused
    }

    [Fact]
    public async Task AdminManagerAndImport_MapReports()
    {
        await Say("bob", "admin");
        await Say("bob", "admin manager @lee @maria");
        await Say("bob", "admin import @kim,@bob\n@joe,@bob");
        var mariaReports = await stores.ListReportsAsync(Ws, "maria", default);
        Assert.Equal(["ana", "lee"], mariaReports.Select(p => p.UserId));
        Assert.Equal(["joe", "kim"], (await stores.ListReportsAsync(Ws, "bob", default)).Select(p => p.UserId));
    }

    [Fact]
    public async Task Settings_ChangeZoneHoursAndManager()
    {
        await Say("bob", "settings zone Asia/Kolkata");
        await Say("bob", "settings hours Mon-Thu 09:30-17:00");
        await Say("bob", "settings manager @maria");
        var bob = (await ((IPeopleStore)stores).FindAsync(Ws, "bob", default))!;
        Assert.Equal(("Asia/Kolkata", "maria"), (bob.TimeZone, bob.ManagerId));
        Assert.Equal(new TimeOnly(17, 0), bob.EffectiveWorkingHours.End);

        // "by tomorrow" now means the end of Bob's working day in Kolkata.
        await Say("bob", "call by tomorrow");
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 11, 30, 0, TimeSpan.Zero), stores.Get(Ws, 1).DueAt);
    }

    [Fact]
    public async Task Team_ShowsReportsOverdueAndAtRiskFirst()
    {
        await Say("ana", "later one by next Friday");
        await Say("ana", "soon one in 2 hours");
        await Say("ana", "risky one by Monday");
        await Say("ana", "risk P-3");
        clock.Advance(TimeSpan.FromHours(3));

        var reply = await Say("maria", "team");

        Assert.Equal(["P-2", "P-3", "P-1"], reply.Sections.Select(s => s.CommitmentRef));
        Assert.Contains("1 overdue, 1 at risk", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownButtonsAndMissingIdentity_AreRefused()
    {
        Assert.Equal(MessageKind.Error, (await Click("ana", "explode:P-1")).Kind);
        Assert.Equal(MessageKind.Error, (await Click("ana", "garbage")).Kind);
        var anonymous = await runner.HandleAsync(new ChatRequest { Platform = "test", WorkspaceId = "", UserId = "x", Text = "list" }, default);
        Assert.Equal(MessageKind.Error, anonymous.Kind);
    }

    [Fact]
    public async Task Workspaces_AreIsolated()
    {
        await Say("ana", "send quote by Friday");
        var other = await runner.HandleAsync(new ChatRequest { Platform = "test", WorkspaceId = "T2", UserId = "ana", Text = "done P-1" }, default);
        Assert.Contains("can't find P-1", other.Text, StringComparison.Ordinal);
        Assert.Equal(CommitmentStatus.Open, stores.Get(Ws, 1).Status);
    }

    [Fact]
    public async Task Help_ShowsOnlyTheTopicAskedFor_AndEverythingForAnUnknownTopic()
    {
        var everything = await Say("ana", "help");
        var settings = await Say("ana", "help settings");
        var dues = await Say("ana", "help dates");
        var unknown = await Say("ana", "help frobnicate");

        Assert.Equal(MessageKind.Help, settings.Kind);
        Assert.Contains("settings zone Europe/London", settings.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("/promise list", settings.Text, StringComparison.Ordinal);
        Assert.Contains("/promise list", everything.Text, StringComparison.Ordinal);
        Assert.Contains("next Tuesday", dues.ToPlainText(), StringComparison.Ordinal);
        Assert.DoesNotContain("settings zone", dues.Text, StringComparison.Ordinal);
        Assert.Contains("no help on `frobnicate`", unknown.Text, StringComparison.Ordinal);
        Assert.Contains("/promise list", unknown.Text, StringComparison.Ordinal);
    }
}
