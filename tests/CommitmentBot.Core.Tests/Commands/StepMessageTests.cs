using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Time;
using CommitmentBot.TestSupport.Stores;

namespace CommitmentBot.Core.Tests.Commands;

/// <summary>Issue 9's message defects, as the ladder's messages read.</summary>
public sealed class StepMessageTests
{
    private static readonly DateTimeOffset Due = new(2026, 11, 27, 20, 0, 0, TimeSpan.Zero); // Fri 3 PM EST
    private static readonly NodaTime.DateTimeZone NewYork = TimeZones.ResolveOrUtc("America/New_York");

    private static readonly Commitment Promise = new()
    {
        WorkspaceId = "T1",
        Id = 1,
        Number = 2,
        Text = "send revised quote",
        Customer = "Acme",
        DueAt = Due,
        CreatedAt = Due.AddDays(-2),
        OwnerId = "ana",
        CreatedById = "ana",
        WindowStart = Due.AddDays(-2),
        Policy = EscalationPolicy.Default,
    };

    /// <summary>9.14: "P-2 is due now. Delivered?" showed the status "overdue".</summary>
    [Theory]
    [InlineData(0, "⏰ due now")]
    [InlineData(59, "⏰ due now")]
    [InlineData(60, "🔴 overdue")]
    [InlineData(7200, "🔴 overdue")]
    public void TheStatus_AtTheDueInstant_IsDueNow_AndOverdueOnceAMinuteHasPassed(int secondsAfterDue, string badge)
    {
        var now = Due.AddSeconds(secondsAfterDue);

        Assert.Equal(badge, CommitmentMessages.Badge(Promise, now));
    }

    [Fact]
    public void TheDueCheckIn_ReadsDueNow()
    {
        var message = CommitmentMessages.ForStep(LadderStepKind.Due, Promise, "Ana", NewYork, Due);

        Assert.Equal("P-2 is due now. Delivered?", message.Text);
        Assert.Contains(message.Sections.Single().Facts, f => f.Label == "Status" && f.Value == "⏰ due now");
    }

    /// <summary>9.11: "Ana flagged P-5 at risk, 2 days before it is due" left out why, and where the playbook stood.</summary>
    [Fact]
    public async Task TheManagersEarlyWarning_GivesTheRepsReason_AndWhereThePlaybookStands()
    {
        var made = new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero); // Wed 09:00 New York
        var harness = new CommandHarness(
            made,
            new Person { WorkspaceId = "T1", UserId = "ana", DisplayName = "Ana", TimeZone = "America/New_York", ManagerId = "maria" },
            new Person { WorkspaceId = "T1", UserId = "maria", DisplayName = "Maria", TimeZone = "America/Chicago" });
        var sender = new RecordingSender(harness.Clock);
        var stores = harness.Stores;
        var delivery = new NotificationDelivery(stores, stores, stores, stores, [sender], harness.Clock);
        await harness.SayAsync("T1", "ana", "send revised quote for Acme by Friday 3pm");

        await harness.SayAsync("T1", "ana", "risk P-1 finance has not approved the discount");
        await new ClockTick(new EscalationSweep(stores, stores, stores), stores).RunUntilAsync(made, harness.Clock, harness.Clock.SetUtcNow, delivery, default);

        var warning = Assert.Single(sender.Sent, s => s.Delivery.RecipientId == "maria").Delivery.Message;
        Assert.Equal(MessageKind.ManagerEarlyWarning, warning.Kind);
        Assert.StartsWith(
            "Early warning (not an escalation): Ana flagged P-1 for Acme at risk, 2 days before it is due: \"finance has not approved the discount\". "
                + "Playbook: 1 of 7 steps done (Alert my manager); next: I own it.",
            warning.Text,
            StringComparison.Ordinal);
    }

    /// <summary>
    /// The rough edge left from issue 9: the rep read "Maria was told … that P-1 is 4 working hours late" while Maria's
    /// own message said "18 hours late". Both now state the lateness at the instant Maria was told, in the same words.
    /// </summary>
    [Fact]
    public async Task TheRepsNoteThatTheManagerHeard_StatesTheSameLatenessAsTheManagersMessage()
    {
        var made = new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero); // Wed 09:00 New York
        var harness = new CommandHarness(
            made,
            new Person { WorkspaceId = "T1", UserId = "ana", DisplayName = "Ana", TimeZone = "America/New_York", ManagerId = "maria" },
            new Person { WorkspaceId = "T1", UserId = "maria", DisplayName = "Maria", TimeZone = "America/New_York" });
        var sender = new RecordingSender(harness.Clock);
        var stores = harness.Stores;
        var delivery = new NotificationDelivery(stores, stores, stores, stores, [sender], harness.Clock);
        await harness.SayAsync("T1", "ana", "send revised quote for Acme by Friday 3pm");

        // Due Fri 3 PM; the manager step falls 4 working hours later: Mon 9 AM, 66 hours after the due.
        await new ClockTick(new EscalationSweep(stores, stores, stores), stores).RunUntilAsync(new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero), harness.Clock, harness.Clock.SetUtcNow, delivery, default);

        var managers = Assert.Single(sender.Sent, s => s.Delivery.Message.Kind == MessageKind.ManagerEscalation).Delivery.Message.Text;
        var repsNote = Assert.Single(sender.Sent, s => s.Delivery.RecipientId == "ana" && s.Delivery.Message.Text.Contains(" was told at ", StringComparison.Ordinal)).Delivery.Message.Text;
        Assert.StartsWith("Ana's promise P-1 for Acme is 2 days late, and there has been no word from Ana.", managers, StringComparison.Ordinal);
        Assert.StartsWith("Maria was told at 9:00 AM that P-1 for Acme is 2 days late.", repsNote, StringComparison.Ordinal);
    }

    /// <summary>9.15: the channel's bundle was tagged NUDGES and said "2 promises need a word from you".</summary>
    [Fact]
    public void ABundleOfChannelPosts_ReadsAsAnEscalation()
    {
        var later = Due.AddDays(3);
        var other = Promise with { Id = 2, Number = 3, Customer = "Globex" };

        var bundle = CommitmentMessages.Bundle(
        [
            CommitmentMessages.ForStep(LadderStepKind.Channel, Promise, "Ana", NewYork, later),
            CommitmentMessages.ForStep(LadderStepKind.Channel, other, "Bob", NewYork, later),
        ]);

        Assert.Equal(MessageKind.ChannelEscalation, bundle.Kind);
        Assert.Equal("Escalation: 2 promises have slipped with no word from the rep:", bundle.Text);
        Assert.DoesNotContain("need a word from you", bundle.ToPlainText(), StringComparison.Ordinal);
        Assert.Contains("Escalation: Ana's promise P-2", bundle.ToPlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public void ABundleOfARepsOwnNudges_StillAsksForAWord()
    {
        var bundle = CommitmentMessages.Bundle(
        [
            CommitmentMessages.ForStep(LadderStepKind.HeadsUp, Promise, "Ana", NewYork, Due.AddHours(-20)),
            CommitmentMessages.ForStep(LadderStepKind.HeadsUp, Promise with { Id = 2, Number = 3 }, "Ana", NewYork, Due.AddHours(-20)),
        ]);

        Assert.Equal((MessageKind.Bundle, "2 promises need a word from you:"), (bundle.Kind, bundle.Text));
    }
}
