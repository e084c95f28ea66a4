using System.Diagnostics;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;
using CommitmentBot.TestSupport.Stores;
using Moq;

namespace CommitmentBot.Core.Tests.Escalation;

/// <summary>
/// Issue 9.1: the clock's one loop makes progress or stops. Passes that take steps go on (a clock that was down
/// catches up on every step due at one instant); a pass that takes nothing while something is due, or a pass that
/// never finishes its work, stops the loop with <see cref="ClockStuckException"/> at once instead of spinning.
/// </summary>
public sealed class ClockTickTests
{
    private const string Ws = SampleTeam.Workspace;
    private static readonly DateTimeOffset Made = SampleTeam.Wednesday; // Wed 09:00 New York
    private readonly ClockHarness harness = new(Made, SampleTeam.With());

    [Fact]
    public async Task AClockThatWasDown_CatchesUp_TakingEveryStepDueAtOneInstant_InOrder()
    {
        await harness.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        // The clock was down from Wednesday to the next Tuesday afternoon: the heads-up, due, overdue and manager steps are all past.
        var back = new DateTimeOffset(2026, 12, 1, 19, 0, 0, TimeSpan.Zero);
        harness.Clock.SetUtcNow(back);
        await harness.RunUntilAsync(back);

        var steps = harness.Stores.Events.Where(e => e.Kind is CommitmentEventKinds.StepSent or CommitmentEventKinds.StepSkipped).Select(e => (e.Kind, e.Note)).ToList();
        Assert.Equal(
            [
                (CommitmentEventKinds.StepSkipped, "heads_up"), // too late to be a heads-up: said as skipped, not dropped
                (CommitmentEventKinds.StepSent, "due"),
                (CommitmentEventKinds.StepSent, "overdue"),
                (CommitmentEventKinds.StepSent, "manager"),
            ],
            steps);
        Assert.Equal(["ana", "ana", "maria", "ana"], harness.Sender.Sent.Select(s => s.Delivery.RecipientId)); // the last: Ana told what Maria heard
        var after = harness.Stores.Get(Ws, 1);
        Assert.Equal(LadderStepKind.Channel, after.NextStep);
        Assert.True(after.NextActionAt > back);
    }

    [Fact]
    public async Task AStepThatCannotBeTaken_StopsTheLoop_AtOnce_WithoutMovingPastIt()
    {
        var due = Made.AddMinutes(5);
        var outbox = new Mock<IOutboxStore>();
        outbox.Setup(o => o.SweepAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<SweepDecider>(), It.IsAny<CancellationToken>())).ReturnsAsync(0);
        outbox.Setup(o => o.BundleAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        outbox.Setup(o => o.DueDeliveriesAsync(It.IsAny<DateTimeOffset>(), It.IsAny<TimeSpan>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        outbox.Setup(o => o.NextEventAtAsync(It.IsAny<CancellationToken>())).ReturnsAsync(due); // always due, never taken
        var tick = new ClockTick(new EscalationSweep(outbox.Object, harness.Stores, harness.Stores), outbox.Object);
        var timer = Stopwatch.StartNew();

        var stuck = await Assert.ThrowsAsync<ClockStuckException>(() => tick.RunUntilAsync(Made.AddDays(1), harness.Clock, harness.Clock.SetUtcNow, harness.Delivery, default));

        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(1), timer.Elapsed.ToString());
        Assert.Equal(due, stuck.At);
        Assert.Equal(due, harness.Clock.GetUtcNow()); // moved to the step, not past it
        outbox.Verify(o => o.SweepAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<SweepDecider>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task APassThatNeverFinishesItsWork_StopsTheLoop_AfterABoundedNumberOfPasses()
    {
        // Claims a row on every pass but leaves it due: the original defect (the same instant saved again and again).
        var outbox = new Mock<IOutboxStore>();
        outbox.Setup(o => o.SweepAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<SweepDecider>(), It.IsAny<CancellationToken>())).ReturnsAsync(1);
        outbox.Setup(o => o.BundleAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        outbox.Setup(o => o.DueDeliveriesAsync(It.IsAny<DateTimeOffset>(), It.IsAny<TimeSpan>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        outbox.Setup(o => o.NextEventAtAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Made);
        var tick = new ClockTick(new EscalationSweep(outbox.Object, harness.Stores, harness.Stores), outbox.Object);

        await Assert.ThrowsAsync<ClockStuckException>(() => tick.RunUntilAsync(Made.AddDays(1), harness.Clock, harness.Clock.SetUtcNow, harness.Delivery, default));

        outbox.Verify(o => o.SweepAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<SweepDecider>(), It.IsAny<CancellationToken>()), Times.Exactly(ClockTick.MaxPassesPerInstant));
        Assert.Equal(Made, harness.Clock.GetUtcNow());
    }
}
