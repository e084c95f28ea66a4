using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.TestSupport.Stores;

namespace CommitmentBot.Core.Tests.People;

/// <summary>
/// Issue 9.19: a rep could drop or change their manager (<c>settings manager none</c>) and nobody was told. Now the old
/// manager, the new one, the admins (and the rep, when someone else made the change) hear of it, through the outbox,
/// once each; whoever made the change has the reply.
/// </summary>
public sealed class ManagerChangeTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero); // 10 AM New York, 3 PM London

    private readonly CommandHarness harness = new(
        Monday,
        new Person { WorkspaceId = "T1", UserId = "ana", DisplayName = "Ana", TimeZone = "America/New_York", ManagerId = "maria" },
        new Person { WorkspaceId = "T1", UserId = "maria", DisplayName = "Maria", TimeZone = "America/Chicago" },
        new Person { WorkspaceId = "T1", UserId = "bob", DisplayName = "Bob", TimeZone = "America/New_York" },
        new Person { WorkspaceId = "T1", UserId = "sam", DisplayName = "Sam", TimeZone = "Europe/London", IsAdmin = true },
        new Person { WorkspaceId = "T1", UserId = "kim", DisplayName = "Kim", TimeZone = "Europe/London", IsAdmin = true });

    private readonly RecordingSender sender;

    public ManagerChangeTests() => sender = new RecordingSender(harness.Clock);

    private async Task<Dictionary<string, string>> DeliverAsync()
    {
        var stores = harness.Stores;
        var delivery = new NotificationDelivery(stores, stores, stores, stores, [sender], harness.Clock);
        await new ClockTick(new EscalationSweep(stores, stores, stores), stores).RunUntilAsync(harness.Clock.GetUtcNow(), harness.Clock, harness.Clock.SetUtcNow, delivery, default);
        return sender.Sent.GroupBy(s => s.Delivery.RecipientId).ToDictionary(g => g.Key, g => string.Join(" | ", g.Select(s => s.Delivery.Message.Text)));
    }

    [Fact]
    public async Task ARepChangingTheirManager_TellsTheOldAndTheNewManagerAndTheAdmins()
    {
        var reply = await harness.SayAsync("T1", "ana", "settings manager @bob");
        var told = await DeliverAsync();

        Assert.StartsWith("Your manager is now Bob.", reply.Text, StringComparison.Ordinal);
        Assert.Equal("bob", (await harness.PersonAsync("T1", "ana")).ManagerId);
        Assert.Equal(["bob", "kim", "maria", "sam"], told.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Ana no longer reports to you: Ana set their manager to Bob. Early warnings and escalations about Ana's promises go to Bob now.", told["maria"]);
        Assert.Equal("Ana now reports to you: Ana set their manager to Bob (before: Maria). You'll get Ana's early warnings, and an escalation if one of Ana's promises slips with no word.", told["bob"]);
        Assert.Equal("For admins: Ana set their manager to Bob (before: Maria).", told["sam"]);
        Assert.Equal(told["sam"], told["kim"]);
        Assert.All(sender.Sent, s => Assert.Equal(MessageKind.TeamChange, s.Delivery.Message.Kind));
    }

    [Fact]
    public async Task ARepDroppingTheirManager_TellsTheOldManagerAndTheAdmins_ThatEscalationsSkipTheStep()
    {
        await harness.SayAsync("T1", "ana", "settings manager none");
        var told = await DeliverAsync();

        Assert.Null((await harness.PersonAsync("T1", "ana")).ManagerId);
        Assert.Equal(["kim", "maria", "sam"], told.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Ana no longer reports to you: Ana removed their manager. Escalations about Ana's promises skip the manager step now.", told["maria"]);
        Assert.Equal("For admins: Ana removed their manager (before: Maria). Escalations about Ana's promises skip the manager step until one is set.", told["sam"]);
    }

    [Fact]
    public async Task AnAdminChangingARepsManager_TellsTheRepToo_ButNotTheAdminWhoDidIt()
    {
        var reply = await harness.SayAsync("T1", "sam", "admin manager @ana @bob");
        var told = await DeliverAsync();

        Assert.Equal("Bob is now Ana's manager.", reply.Text);
        Assert.Equal(["ana", "bob", "kim", "maria"], told.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Your manager is now Bob (Sam changed it). They hear early warnings you raise and escalations if a promise slips silently.", told["ana"]);
        Assert.Equal("Ana no longer reports to you: Sam set Ana's manager to Bob. Early warnings and escalations about Ana's promises go to Bob now.", told["maria"]);
        Assert.Equal("For admins: Sam set Ana's manager to Bob (before: Maria).", told["kim"]);
    }

    [Fact]
    public async Task TheSameChangeAgain_OrARetriedDelivery_TellsNobodyTwice()
    {
        await harness.SayAsync("T1", "ana", "settings manager @bob");
        await DeliverAsync();
        var again = await harness.SayAsync("T1", "ana", "settings manager @bob");
        var told = await DeliverAsync();

        Assert.StartsWith("Your manager is now Bob.", again.Text, StringComparison.Ordinal);
        Assert.Single(harness.Stores.ManagerChanges);
        Assert.Equal(4, sender.Sent.Count);
        Assert.All(told.Values, text => Assert.DoesNotContain(" | ", text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoticesWait_ForTheRecipientsWorkingHours()
    {
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 23, 30, 0, TimeSpan.Zero)); // 6:30 PM New York, 11:30 PM London, 5:30 PM Chicago

        await harness.SayAsync("T1", "ana", "settings manager @bob");

        var notices = harness.Stores.Notifications.Where(n => n.Note.Step == LadderStepKind.ManagerChangeNotice).ToDictionary(n => n.Note.RecipientId, n => n.Note.DeliverAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.Zero), notices["bob"]); // 8 AM New York
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero), notices["sam"]); // 8 AM London
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 23, 30, 0, TimeSpan.Zero), notices["maria"]); // 5:30 PM Chicago: still inside hers
    }
}
