using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Core.Tests.Escalation;

public sealed class EscalationLadderTests
{
    private static readonly LadderParty NewYork = new(DateTimeZoneProviders.Tzdb["America/New_York"], WorkingHours.Default);
    private static readonly LadderParty Chicago = new(DateTimeZoneProviders.Tzdb["America/Chicago"], WorkingHours.Default);
    private static readonly LadderParty Kolkata = new(DateTimeZoneProviders.Tzdb["Asia/Kolkata"], WorkingHours.Default);
    private static readonly LadderParty Adelaide = new(DateTimeZoneProviders.Tzdb["Australia/Adelaide"], WorkingHours.Default);

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0, int year = 2026) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static Commitment Promise(DateTimeOffset created, DateTimeOffset due) => new()
    {
        Id = 1,
        WorkspaceId = "T1",
        Number = 1,
        Text = "send revised quote",
        DueAt = due,
        CreatedAt = created,
        WindowStart = created,
        OwnerId = "ana",
        CreatedById = "ana",
    };

    [Fact]
    public void Plan_FollowsTheDefaultLadder_AcrossAWeekend()
    {
        // Made Wed 25 Nov 09:00 EST, due Fri 27 Nov 15:00 EST; manager in Chicago; a channel is set.
        var c = Promise(Utc(11, 25, 14), Utc(11, 27, 20));
        var plan = EscalationLadder.Plan(c, new LadderContext(NewYork, Chicago, HasChannel: true));

        Assert.Equal(
            [
                (LadderStepKind.HeadsUp, Utc(11, 27, 13), LadderRecipient.Rep),       // 01:30 buffer point waits for 08:00 EST
                (LadderStepKind.Due, Utc(11, 27, 20), LadderRecipient.Rep),           // the due instant itself
                (LadderStepKind.Overdue, Utc(11, 27, 22), LadderRecipient.Rep),       // +2 working hours: 17:00 EST
                (LadderStepKind.Manager, Utc(11, 30, 14), LadderRecipient.Manager),   // +4 working hours: Mon 09:00 EST = 08:00 CST
                (LadderStepKind.Channel, Utc(11, 30, 18), LadderRecipient.Channel),   // manager + 4 working hours (Chicago)
            ],
            plan.Select(s => (s.Kind, s.At, s.Recipient)));
    }

    [Fact]
    public void Plan_WithoutManager_PostsToTheChannelOneWorkingDayAfterDue()
    {
        var c = Promise(Utc(11, 25, 14), Utc(11, 27, 20));
        var plan = EscalationLadder.Plan(c, new LadderContext(NewYork, null, HasChannel: true));
        Assert.Equal(
            [LadderStepKind.HeadsUp, LadderStepKind.Due, LadderStepKind.Overdue, LadderStepKind.Channel],
            plan.Select(s => s.Kind));
        Assert.Equal(Utc(11, 30, 20), plan[^1].At); // Mon 15:00 EST
    }

    [Fact]
    public void Plan_WithoutManagerOrChannel_StopsAfterTheOverdueNudge()
    {
        var c = Promise(Utc(11, 25, 14), Utc(11, 27, 20));
        var plan = EscalationLadder.Plan(c, new LadderContext(NewYork, null, HasChannel: false));
        Assert.Equal([LadderStepKind.HeadsUp, LadderStepKind.Due, LadderStepKind.Overdue], plan.Select(s => s.Kind));
    }

    [Fact]
    public void Plan_InHalfHourZones_DeliversInsideEachRecipientsHours()
    {
        // Kolkata rep (UTC+5:30), Adelaide manager (UTC+10:30 in summer). Made Wed 10:00 IST, due 12:00 IST.
        var c = Promise(Utc(11, 25, 4, 30), Utc(11, 25, 6, 30));
        var plan = EscalationLadder.Plan(c, new LadderContext(Kolkata, Adelaide, HasChannel: true));
        Assert.Equal(
            [
                (LadderStepKind.HeadsUp, Utc(11, 25, 5, 30)),   // buffer clamps to 1 h: 11:00 IST
                (LadderStepKind.Due, Utc(11, 25, 6, 30)),
                (LadderStepKind.Overdue, Utc(11, 25, 8, 30)),   // 14:00 IST
                (LadderStepKind.Manager, Utc(11, 25, 21, 30)),  // 16:00 IST is 21:00 in Adelaide: waits for Thu 08:00 ACDT
                (LadderStepKind.Channel, Utc(11, 26, 2, 30)),   // Adelaide 12:00 is 07:00 IST: waits for 08:00 IST
            ],
            plan.Select(s => (s.Kind, s.At)));
    }

    [Fact]
    public void Plan_CountsWorkingHoursAcrossTheDaylightSavingChange()
    {
        // Due Fri 30 Oct 2026 17:00 EDT; US clocks fall back on Sun 1 Nov. Overdue = Fri 17–18 + Mon 08–09 EST.
        var c = Promise(Utc(10, 26, 13), Utc(10, 30, 21));
        var plan = EscalationLadder.Plan(c, new LadderContext(NewYork, Chicago, HasChannel: false));
        Assert.Equal(Utc(11, 2, 14), plan.Single(s => s.Kind == LadderStepKind.Overdue).At);
        Assert.Equal(Utc(11, 2, 16), plan.Single(s => s.Kind == LadderStepKind.Manager).At); // Mon 11:00 EST = 10:00 CST
    }

    [Fact]
    public void Plan_SkipsTheHeadsUp_WhenItCouldOnlyArriveAfterDue()
    {
        // Made Sunday, due Monday 07:00 EST: the heads-up would wait for Monday 08:00, after due.
        var c = Promise(Utc(11, 29, 12), Utc(11, 30, 12));
        var plan = EscalationLadder.Plan(c, new LadderContext(NewYork, Chicago, HasChannel: true));
        Assert.Equal(LadderStepKind.Due, plan[0].Kind);
        Assert.Equal(Utc(11, 30, 13), plan[0].At); // the due step itself waits for 08:00
    }

    [Fact]
    public void Plan_SkipsTheHeadsUp_WhenTheWindowLeavesNoRoom()
    {
        var c = Promise(Utc(11, 25, 14), Utc(11, 25, 14, 30));
        var plan = EscalationLadder.Plan(c, new LadderContext(NewYork, Chicago, HasChannel: true));
        Assert.Equal(LadderStepKind.Due, plan[0].Kind);
    }

    [Fact]
    public void Next_StopsEscalating_OnceTheRepHasSpoken()
    {
        var c = Promise(Utc(11, 25, 14), Utc(11, 27, 20)) with { RepRespondedAt = Utc(11, 26, 15) };
        var context = new LadderContext(NewYork, Chicago, HasChannel: true);
        Assert.Equal([LadderStepKind.Due], EscalationLadder.Plan(c, context).Select(s => s.Kind));
        Assert.Null(EscalationLadder.Next(c with { LastStep = LadderStepKind.Due }, context));
    }

    [Fact]
    public void Next_SkipsTheChannel_AfterTheManagerAcknowledged()
    {
        var c = Promise(Utc(11, 25, 14), Utc(11, 27, 20)) with
        {
            LastStep = LadderStepKind.Manager,
            ManagerNotifiedAt = Utc(11, 30, 14),
            ManagerAcknowledgedAt = Utc(11, 30, 15),
        };
        Assert.Null(EscalationLadder.Next(c, new LadderContext(NewYork, Chicago, HasChannel: true)));
    }

    [Fact]
    public void Snooze_RemindsTheManager_ThenTheChannelFollowsTheReminder()
    {
        var context = new LadderContext(NewYork, Chicago, HasChannel: true);
        var c = Promise(Utc(11, 25, 14), Utc(11, 27, 20)) with
        {
            LastStep = LadderStepKind.Manager,
            ManagerNotifiedAt = Utc(11, 30, 14),
            SnoozedUntil = Utc(12, 1, 14),
        };
        var reminder = EscalationLadder.Next(c, context)!;
        Assert.Equal((LadderStepKind.ManagerReminder, Utc(12, 1, 14), LadderRecipient.Manager), (reminder.Kind, reminder.At, reminder.Recipient));

        var afterReminder = EscalationLadder.Advance(c, reminder, Utc(12, 1, 14), context);
        Assert.Equal(LadderStepKind.Channel, afterReminder.NextStep);
        Assert.Equal(Utc(12, 1, 18), afterReminder.NextActionAt); // 4 working hours after the reminder
    }

    [Fact]
    public void Restart_FreezesTheCurrentPolicy_AndStartsAFreshWindow()
    {
        var context = new LadderContext(NewYork, Chicago, HasChannel: true);
        var old = Promise(Utc(11, 25, 14), Utc(11, 27, 20)) with { LastStep = LadderStepKind.Overdue, RepRespondedAt = Utc(11, 27, 21) };
        var policy = EscalationPolicy.Default with { ManagerAfter = TimeSpan.FromHours(6) };
        var moved = EscalationLadder.Restart(old with { DueAt = Utc(12, 2, 20), DueVersion = 2 }, Utc(11, 27, 21), policy, context);

        Assert.Equal((Utc(11, 27, 21), (LadderStepKind?)null, (DateTimeOffset?)null), (moved.WindowStart, moved.LastStep, moved.RepRespondedAt));
        Assert.Same(policy, moved.Policy);
        Assert.Equal(LadderStepKind.HeadsUp, moved.NextStep);
    }

    [Fact]
    public void Closed_CommitmentsHaveNoNextStep()
    {
        var c = Promise(Utc(11, 25, 14), Utc(11, 27, 20)) with { Status = CommitmentStatus.Kept };
        Assert.Null(EscalationLadder.Next(c, new LadderContext(NewYork, Chicago, HasChannel: true)));
    }

    [Theory]
    [InlineData(30, 60)]          // under the minimum: 1 h
    [InlineData(8 * 60, 120)]     // 25% of 8 h
    [InlineData(30 * 24 * 60, 48 * 60)] // capped at 48 h
    public void BufferFor_ClampsTheShareOfTheWindow(int windowMinutes, int expectedMinutes) =>
        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), EscalationPolicy.Default.BufferFor(TimeSpan.FromMinutes(windowMinutes)));
}
