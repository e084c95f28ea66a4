using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Core.Tests.Away;

/// <summary>The ladder (a pure function) routing around people who are away: SPEC "Away, delegates and snoozes".</summary>
public sealed class AwayLadderTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    private static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2026, 12, day, hour, minute, 0, TimeSpan.Zero);

    private static LadderParty Party(string id, Absence? away = null) => new(NewYork, WorkingHours.Default) { UserId = id, Away = away };

    // Made Mon 7 Dec 09:00 EST, due Thu 10 Dec 18:00 EST: heads-up Thu 08:00 EST (13:00Z), overdue Fri 10:00 EST, manager Fri 12:00 EST.
    private static Commitment Promise() => new()
    {
        Id = 1,
        WorkspaceId = "T1",
        Number = 7,
        Text = "send revised quote",
        Customer = "Acme",
        DueAt = Utc(10, 23),
        CreatedAt = Utc(7, 14),
        WindowStart = Utc(7, 14),
        OwnerId = "ana",
        CreatedById = "ana",
    };

    // Away from the start of Wed 9 Dec to the end of Mon 14 Dec (EST).
    private static Absence WedToMon(string? cover) => new(Utc(9, 5), Utc(15, 5), cover);

    private static LadderContext Context(LadderParty rep, LadderParty? manager, params LadderParty[] covers) =>
        new(rep, manager, HasChannel: true) { Covers = covers.ToDictionary(c => c.UserId!, StringComparer.Ordinal) };

    private static List<(LadderStepKind, DateTimeOffset, LadderRecipient, string?)> PlanOf(Commitment c, LadderContext context) =>
        EscalationLadder.Plan(c, context).Select(s => (s.Kind, s.At, s.Recipient, s.CoverId)).ToList();

    [Fact]
    public void Baseline_NobodyAway()
    {
        Assert.Equal(
            [
                (LadderStepKind.HeadsUp, Utc(10, 13), LadderRecipient.Rep, null),
                (LadderStepKind.Due, Utc(10, 23), LadderRecipient.Rep, null),
                (LadderStepKind.Overdue, Utc(11, 15), LadderRecipient.Rep, null),
                (LadderStepKind.Manager, Utc(11, 17), LadderRecipient.Manager, null),
                (LadderStepKind.Channel, Utc(11, 21), LadderRecipient.Channel, null),
            ],
            PlanOf(Promise(), Context(Party("ana"), Party("maria"))));
    }

    [Fact]
    public void RepAwayOverTheDue_WarnsTheCoverAtHeadsUpTime_AndTheRepsStepsWaitForTheReturn()
    {
        var plan = PlanOf(Promise(), Context(Party("ana", WedToMon("raj")), Party("maria"), Party("raj")));
        Assert.Equal(
            [
                (LadderStepKind.AwayWarning, Utc(10, 13), LadderRecipient.Cover, "raj"),  // never a heads-up on the beach
                (LadderStepKind.Due, Utc(15, 13), LadderRecipient.Rep, null),             // back Tue 15 Dec 08:00 EST
                (LadderStepKind.Overdue, Utc(15, 15), LadderRecipient.Rep, null),         // counted from the return
                (LadderStepKind.Manager, Utc(15, 17), LadderRecipient.Manager, null),
                (LadderStepKind.Channel, Utc(15, 21), LadderRecipient.Channel, null),
            ],
            plan);
        Assert.DoesNotContain(plan, s => s.Item1 == LadderStepKind.HeadsUp);
    }

    [Fact]
    public void RepAwayOverTheDue_WithoutCover_WarnsTheManager_AsAnEarlyWarningNotAnEscalation()
    {
        var c = Promise();
        var context = Context(Party("ana", WedToMon(null)), Party("maria"));
        var first = EscalationLadder.Next(c, context)!;
        Assert.Equal((LadderStepKind.AwayWarning, Utc(10, 13), LadderRecipient.Manager), (first.Kind, first.At, first.Recipient));

        // Sending it does not count as the manager hearing of a slip (the record's "surprise").
        var after = EscalationLadder.Advance(c, first, Utc(10, 13), context);
        Assert.Null(after.ManagerNotifiedAt);
        Assert.Equal(LadderStepKind.Due, after.NextStep);
    }

    [Fact]
    public void RepAwayOverTheDue_WithNobodyToTell_SkipsTheWarning()
    {
        var plan = PlanOf(Promise(), new LadderContext(Party("ana", WedToMon(null)), null, HasChannel: true));
        Assert.Equal(LadderStepKind.Due, plan[0].Item1);
        Assert.Equal(Utc(15, 13), plan[0].Item2);
    }

    [Fact]
    public void RepAwayOverTheHeadsUpOnly_GetsTheHeadsUpOnReturn_BeforeTheDue()
    {
        // Away Wed 00:00 to Thu 11:00 EST: the heads-up (Thu 08:00) waits until 11:00; the due is unchanged.
        var plan = PlanOf(Promise(), Context(Party("ana", new Absence(Utc(9, 5), Utc(10, 16), null)), Party("maria")));
        Assert.Equal((LadderStepKind.HeadsUp, Utc(10, 16), LadderRecipient.Rep, (string?)null), plan[0]);
        Assert.Equal((LadderStepKind.Due, Utc(10, 23), LadderRecipient.Rep, (string?)null), plan[1]);
        Assert.Equal(Utc(11, 17), plan.Single(s => s.Item1 == LadderStepKind.Manager).Item2);
    }

    [Fact]
    public void RepLeavingMidLadder_IsEscalatedFromTheirReturn()
    {
        // The due nudge went out; Ana leaves Fri 11 Dec (before the manager would hear at 12:00 EST) and is back Tue 15 Dec.
        var c = Promise() with { LastStep = LadderStepKind.Due };
        var plan = PlanOf(c, Context(Party("ana", new Absence(Utc(11, 5), Utc(15, 5), null)), Party("maria")));
        Assert.Equal(
            [
                (LadderStepKind.Overdue, Utc(15, 15), LadderRecipient.Rep, null),
                (LadderStepKind.Manager, Utc(15, 17), LadderRecipient.Manager, null),
                (LadderStepKind.Channel, Utc(15, 21), LadderRecipient.Channel, null),
            ],
            plan);
    }

    [Fact]
    public void RepLeavingAfterTheManagerHeard_ChangesNothing()
    {
        var c = Promise() with { LastStep = LadderStepKind.Manager, ManagerNotifiedAt = Utc(11, 17) };
        var plan = PlanOf(c, Context(Party("ana", new Absence(Utc(11, 19), Utc(15, 5), null)), Party("maria")));
        Assert.Equal([(LadderStepKind.Channel, Utc(11, 21), LadderRecipient.Channel, (string?)null)], plan);
    }

    [Fact]
    public void ManagerAway_WithCover_TheManagerStepGoesToTheCover()
    {
        var plan = PlanOf(Promise(), Context(Party("ana"), Party("maria", new Absence(Utc(10, 5), Utc(15, 5), "lee")), Party("lee")));
        Assert.Equal((LadderStepKind.Manager, Utc(11, 17), LadderRecipient.Cover, (string?)"lee"), plan[3]);
        Assert.Equal((LadderStepKind.Channel, Utc(11, 21), LadderRecipient.Channel, (string?)null), plan[4]);
    }

    [Fact]
    public void ManagerAway_WithoutCover_GoesStraightOnToTheChannelAtItsUsualTime()
    {
        var plan = PlanOf(Promise(), Context(Party("ana"), Party("maria", new Absence(Utc(10, 5), Utc(15, 5), null))));
        Assert.Equal(
            [LadderStepKind.HeadsUp, LadderStepKind.Due, LadderStepKind.Overdue, LadderStepKind.Channel],
            plan.Select(s => s.Item1));
        Assert.Equal(Utc(11, 21), plan[^1].Item2);
    }

    [Fact]
    public void ManagerAwayWhenTheSnoozeEnds_TheReminderGoesToTheirCover()
    {
        var c = Promise() with { LastStep = LadderStepKind.Manager, ManagerNotifiedAt = Utc(11, 17), SnoozedUntil = Utc(14, 17) };
        var next = EscalationLadder.Next(c, Context(Party("ana"), Party("maria", new Absence(Utc(12, 5), Utc(16, 5), "lee")), Party("lee")))!;
        Assert.Equal((LadderStepKind.ManagerReminder, LadderRecipient.Cover, "lee"), (next.Kind, next.Recipient, next.CoverId));
    }

    [Fact]
    public void CoverAwayToo_PassesItToTheCoversOwnCover_Once()
    {
        var context = Context(Party("ana", WedToMon("raj")), Party("maria"), Party("raj", WedToMon("lee")), Party("lee"));
        var warning = EscalationLadder.Next(Promise(), context)!;
        Assert.Equal((LadderStepKind.AwayWarning, LadderRecipient.Cover, "lee"), (warning.Kind, warning.Recipient, warning.CoverId));
    }

    [Fact]
    public void CoverAwayToo_NeverLoops_AndNeverGoesTwoHops_ThenTheManager()
    {
        // Raj covers for Ana and names Ana as his cover: no loop, the manager hears.
        var loop = Context(Party("ana", WedToMon("raj")), Party("maria"), Party("raj", WedToMon("ana")));
        Assert.Equal(LadderRecipient.Manager, EscalationLadder.Next(Promise(), loop)!.Recipient);

        // Raj → Lee → Kim, all away but Kim: one hop past the cover only, so the manager hears.
        var twoHops = Context(Party("ana", WedToMon("raj")), Party("maria"), Party("raj", WedToMon("lee")), Party("lee", WedToMon("kim")), Party("kim"));
        Assert.Equal(LadderRecipient.Manager, EscalationLadder.Next(Promise(), twoHops)!.Recipient);
    }

    [Fact]
    public void SnoozeBeforeDue_BringsTheNudgeBackThen_AndNeverMovesTheDue()
    {
        var context = Context(Party("ana"), Party("maria"));
        var c = Promise() with { LastStep = LadderStepKind.HeadsUp, RepSnoozedUntil = Utc(10, 15), SnoozeReason = "waiting on legal" };
        var reminder = EscalationLadder.Next(c, context)!;
        Assert.Equal((LadderStepKind.RepReminder, Utc(10, 15), LadderRecipient.Rep), (reminder.Kind, reminder.At, reminder.Recipient));

        var after = EscalationLadder.Advance(c, reminder, Utc(10, 15), context);
        Assert.Null(after.RepSnoozedUntil);
        Assert.Equal(LadderStepKind.HeadsUp, after.LastStep); // the ladder stays where it was
        Assert.Equal((LadderStepKind.Due, Utc(10, 23)), (after.NextStep, after.NextActionAt));
        Assert.Equal(c.DueAt, after.DueAt);
    }

    [Fact]
    public void SnoozePastTheNextStep_NeverHoldsTheLadderBack()
    {
        // A snooze stored past the due (the command refuses one; a stale row must not delay the due step either).
        var c = Promise() with { LastStep = LadderStepKind.HeadsUp, RepSnoozedUntil = Utc(12, 15) };
        var next = EscalationLadder.Next(c, Context(Party("ana"), Party("maria")))!;
        Assert.Equal((LadderStepKind.Due, Utc(10, 23)), (next.Kind, next.At));
    }

    [Fact]
    public void SecondSnooze_ComesBackAgain_AndThePlanShowsItOnce()
    {
        var context = Context(Party("ana"), Party("maria"));
        var c = Promise() with { LastStep = LadderStepKind.HeadsUp, RepSnoozedUntil = Utc(10, 15) };
        var first = EscalationLadder.Next(c, context)!;
        var after = EscalationLadder.Advance(c, first, Utc(10, 15), context) with { RepSnoozedUntil = Utc(10, 18) };
        var second = EscalationLadder.Next(after, context)!;
        Assert.Equal((LadderStepKind.RepReminder, Utc(10, 18)), (second.Kind, second.At));
        Assert.Equal(
            [LadderStepKind.RepReminder, LadderStepKind.Due, LadderStepKind.Overdue, LadderStepKind.Manager, LadderStepKind.Channel],
            EscalationLadder.Plan(after, context).Select(s => s.Kind));
    }

    [Fact]
    public void SnoozeEndingWhileTheRepIsAway_WaitsForTheReturn()
    {
        var c = Promise() with { LastStep = LadderStepKind.HeadsUp, RepSnoozedUntil = Utc(10, 15) };
        var next = EscalationLadder.Next(c, Context(Party("ana", new Absence(Utc(10, 14), Utc(10, 17), null)), Party("maria")))!;
        Assert.Equal((LadderStepKind.RepReminder, Utc(10, 17)), (next.Kind, next.At));
    }
}
