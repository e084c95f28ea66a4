using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Escalation;

/// <summary>What one tick of the clock found.</summary>
/// <param name="Now">The instant it ran at (whole milliseconds).</param>
/// <param name="Claimed">Ladder steps that came due and were handled.</param>
/// <param name="Deliveries">Deliveries to send now: bundled by this tick, or left pending or stranded by an earlier one.</param>
/// <param name="NextAt">The next instant anything is scheduled (a step, a notification, a delivery retry), or null.</param>
public sealed record TickOutcome(DateTimeOffset Now, int Claimed, IReadOnlyList<long> Deliveries, DateTimeOffset? NextAt);

/// <summary>A step that was due but could not be taken: the clock refuses to skip it or spin on it.</summary>
public sealed class ClockStuckException(DateTimeOffset at)
    : InvalidOperationException($"Something was due at {at:O} but the clock could not take it; it was not skipped.")
{
    /// <summary>When it was due.</summary>
    public DateTimeOffset At { get; } = at;
}

/// <summary>
/// The one clock loop. <see cref="RunAsync"/> is one tick: sweep at an instant and say which deliveries are due
/// and when anything is next due; the Hangfire job enqueues the deliveries it returns. <see cref="RunUntilAsync"/>
/// runs the same tick inline at each scheduled instant up to a target (the sandbox's simulated clock and the
/// end-to-end tests), so what is tested is what runs.
/// </summary>
public sealed class ClockTick(EscalationSweep sweep, IOutboxStore outbox)
{
    /// <summary>
    /// Most passes of the tick at one instant. Each pass takes every step then due, and a commitment has only a
    /// handful of steps (a clock that was down catches up on them at one instant, one step per pass), so reaching
    /// this means a pass keeps finding work it does not finish: the loop stops rather than spin.
    /// </summary>
    public const int MaxPassesPerInstant = 32;

    /// <summary>Most deliveries one tick hands back (the rest come in the next tick).</summary>
    public int MaxDeliveries { get; init; } = 1000;

    /// <summary>How long a send may run before its delivery counts as stranded by a crash and is handed back (the deliveries' claim lease).</summary>
    public TimeSpan DeliveryLease { get; init; } = NotificationDelivery.Lease;

    /// <summary>One tick at <paramref name="now"/> (read once by the caller, so every decision agrees).</summary>
    public async Task<TickOutcome> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        now = StoredTime.Floor(now);
        var swept = await sweep.RunAsync(now, cancellationToken);
        var pending = await outbox.DueDeliveriesAsync(now, DeliveryLease, MaxDeliveries, cancellationToken);
        var deliveries = swept.Deliveries.Concat(pending).Distinct().Order().ToList();
        var next = await outbox.NextEventAtAsync(cancellationToken);
        return new TickOutcome(now, swept.Claimed, deliveries, next);
    }

    /// <summary>
    /// Moves <paramref name="clock"/> forward to <paramref name="target"/>, running the tick and delivering inline at
    /// each scheduled instant on the way, in order. Throws <see cref="ClockStuckException"/> rather than skip a step
    /// or spin on one it cannot take.
    /// </summary>
    /// <param name="target">Where the clock ends (not before its current reading).</param>
    /// <param name="clock">The clock to read.</param>
    /// <param name="moveTo">Moves the clock forward to an instant.</param>
    /// <param name="delivery">Sends one delivery inline.</param>
    /// <param name="cancellationToken">Stops the run between steps.</param>
    public async Task RunUntilAsync(
        DateTimeOffset target,
        TimeProvider clock,
        Action<DateTimeOffset> moveTo,
        NotificationDelivery delivery,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(moveTo);
        ArgumentNullException.ThrowIfNull(delivery);
        var end = StoredTime.Floor(target);
        var passes = 0;
        var instant = StoredTime.Now(clock);
        while (true)
        {
            var tick = await RunAsync(StoredTime.Now(clock), cancellationToken);
            foreach (var id in tick.Deliveries)
            {
                await delivery.DeliverAsync(id, cancellationToken);
            }

            // Deliveries may have been rescheduled (a platform asked to wait): read what is next after them.
            var next = await outbox.NextEventAtAsync(cancellationToken);
            if (next is { } due && due <= tick.Now)
            {
                // Still something due now. A pass that took a step or sent something made progress, and the next pass
                // takes what it made due (a bundle, the following step of a clock that was down). A pass that took
                // nothing cannot be followed by one that does: that step cannot be taken, and the loop stops with it
                // rather than skip it or spin on it; so it does after too many passes at one instant.
                passes = tick.Now == instant ? passes + 1 : 1;
                instant = tick.Now;
                if ((tick.Claimed == 0 && tick.Deliveries.Count == 0) || passes >= MaxPassesPerInstant)
                {
                    throw new ClockStuckException(due);
                }

                continue;
            }

            if (tick.Now >= end)
            {
                if (clock.GetUtcNow() < target)
                {
                    moveTo(target);
                }

                return;
            }

            moveTo(next is { } later && later < end ? later : target);
        }
    }
}
