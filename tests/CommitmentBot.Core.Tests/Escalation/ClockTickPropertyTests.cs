using System.Diagnostics;
using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.People;
using CommitmentBot.TestSupport.Stores;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace CommitmentBot.Core.Tests.Escalation;

/// <summary>
/// Issue 9.1 as a property: whatever the instant a promise is made (to the tick), whatever its due phrase and
/// whatever the clock move (to the next scheduled instant, or ahead by any span), every ladder step due in the span
/// is delivered, nothing due is left behind, and the move returns at once (the loop cannot spin on a step). The
/// in-memory stores keep whole milliseconds, as storage does.
/// </summary>
[Properties(Arbitrary = [typeof(ClockMoveArbitraries)], MaxTest = 200)]
public sealed class ClockTickPropertyTests
{
    private const string Ws = "T1";

    [Property]
    public Property EveryStepDueInTheSpan_IsDelivered_AndTheMoveReturnsAtOnce(ClockMove move)
    {
        var (holds, label) = Run(move);
        return holds.Label(label);
    }

    /// <summary>
    /// A case FsCheck once found: the manager step falls at 4 AM in the rep's zone, so the note telling the rep
    /// waits for the rep's working hours, after the target; it is not a step left behind.
    /// </summary>
    [Fact]
    public void TheRepsNoteAboutTheManagerStep_MayWaitForTheRepsHours_AfterTheMove()
    {
        var move = new ClockMove(
            new DateTimeOffset(2028, 5, 22, 16, 37, 58, TimeSpan.Zero).AddTicks(1702149), "by tomorrow at noon", false,
            new TimeSpan(1, 18, 16, 5) + TimeSpan.FromTicks(7482400));
        var (holds, label) = Run(move);
        Assert.True(holds, label);
    }

    private static (bool Holds, string Label) Run(ClockMove move)
    {
        var clock = new FakeTimeProvider(move.CreatedAt);
        var stores = new InMemoryStores();
        var sender = new RecordingSender(clock);
        var runner = new CommandRunner(stores, stores, stores, stores, clock);
        var delivery = new NotificationDelivery(stores, stores, stores, stores, [sender], clock);
        var tick = new ClockTick(new EscalationSweep(stores, stores, stores), stores);
        stores.UpsertAsync(new Person { WorkspaceId = Ws, UserId = "ana", TimeZone = "America/New_York", ManagerId = "maria" }, default).GetAwaiter().GetResult();
        var reply = runner.HandleAsync(new ChatRequest { Platform = "test", WorkspaceId = Ws, UserId = "ana", Text = "send the quote for Acme " + move.Due }, default).GetAwaiter().GetResult();
        var created = stores.FindByNumberAsync(Ws, 1, default).GetAwaiter().GetResult();
        if (created?.NextActionAt is not { } first)
        {
            return (created is not null, "not created: " + reply.Text);
        }

        var target = move.ToNext ? first : clock.GetUtcNow() + move.Span;
        var timer = Stopwatch.StartNew();
        tick.RunUntilAsync(target, clock, clock.SetUtcNow, delivery, default).GetAwaiter().GetResult();
        timer.Stop();

        var after = stores.FindByNumberAsync(Ws, 1, default).GetAwaiter().GetResult()!;
        var firstSent = first > target || sender.Sent.Any(s => s.At == first);
        var nothingLeft = after.NextActionAt is null || after.NextActionAt > target;

        // Every step taken on the way was sent (each at its own instant, so none was skipped as too late).
        var taken = stores.Events.Count(e => e.Kind == CommitmentBot.Core.Commitments.CommitmentEventKinds.StepSent);
        var skipped = stores.Events.Count(e => e.Kind == CommitmentBot.Core.Commitments.CommitmentEventKinds.StepSkipped);
        // The manager and channel steps also tell the rep what was said (issue 14): one more message each.
        var toldRep = stores.Events.Count(e => e.Kind == CommitmentBot.Core.Commitments.CommitmentEventKinds.StepSent && e.Note is "manager" or "channel");
        // A note to the rep may wait for the rep's working hours (the manager step can fall outside them): it is
        // then still pending after the target, and nothing pending was due by the target.
        var deferred = stores.Notifications.Count(n => n.Status == "pending" && n.Note.DeliverAt > target);
        var leftDue = stores.Notifications.Count(n => n.Status == "pending" && n.Note.DeliverAt <= target);
        var allSent = skipped == 0 && leftDue == 0 && sender.Sent.Count == taken + toldRep - deferred && sender.Sent.All(s => s.At <= target);
        return (firstSent && nothingLeft && allSent && timer.Elapsed < TimeSpan.FromSeconds(1) && after.Version < 20,
            $"first step {first:O}, target {target:O}, sent at [{string.Join(", ", sender.Sent.Select(s => s.At.ToString("O")))}], "
                + $"next {after.NextActionAt:O}, version {after.Version}, {taken} taken, {skipped} skipped, {deferred} deferred, {leftDue} left due, took {timer.Elapsed}");
    }
}

/// <summary>A promise made at an instant with any number of ticks, and a clock move after it.</summary>
public sealed record ClockMove(DateTimeOffset CreatedAt, string Due, bool ToNext, TimeSpan Span)
{
    public override string ToString() => $"made {CreatedAt:O} \"{Due}\", then {(ToNext ? "to next" : "advance " + Span)}";
}

public static class ClockMoveArbitraries
{
    private static readonly string[] Dues =
    [
        "by EOD", "by EOW", "in 2 hours", "in 90 minutes", "by tomorrow", "by tomorrow at noon", "in 3 days",
        "in 2 business days", "by Friday 3pm", "by next Tuesday", "by end of month", "in 1 hour", "in 10 minutes",
    ];

    private static readonly DateTimeOffset From = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Any minute of three years, plus any number of ticks within it (sub-millisecond ones included).</summary>
    public static Arbitrary<ClockMove> Moves() =>
        (from minute in Gen.Choose(0, 3 * 365 * 24 * 60)
         from tick in Gen.Choose(0, (int)TimeSpan.TicksPerMinute - 1)
         from due in Gen.Elements(Dues)
         from toNext in Gen.Elements(true, false)
         from spanSeconds in Gen.Choose(0, 4 * 24 * 3600)
         from spanTick in Gen.Choose(0, (int)TimeSpan.TicksPerSecond - 1)
         select new ClockMove(
             From.AddMinutes(minute).AddTicks(tick),
             due,
             toNext,
             TimeSpan.FromSeconds(spanSeconds) + TimeSpan.FromTicks(spanTick)))
        .ToArbitrary();
}
