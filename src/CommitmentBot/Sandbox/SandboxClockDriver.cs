using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;

namespace CommitmentBot.Sandbox;

/// <summary>
/// Drives the same sweep and delivery code as the Hangfire jobs from the simulated clock: moving the
/// clock forward runs everything that falls due in the span, in order, before the call returns.
/// </summary>
public sealed class SandboxClockDriver(SandboxClock clock, EscalationSweep sweep, NotificationDelivery delivery, IOutboxStore outbox) : IOutboxSignal, IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public void Dispose() => gate.Dispose();

    /// <summary>Moves the clock to <paramref name="target"/>, running each due instant on the way. False when the target is in the past.</summary>
    public async Task<bool> AdvanceAsync(DateTimeOffset target, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (target < clock.GetUtcNow())
            {
                return false;
            }

            // Step from one scheduled instant to the next so each runs at its own time, in order.
            for (var guard = 0; guard < 100_000; guard++)
            {
                var next = await outbox.NextEventAtAsync(cancellationToken);
                if (next is null || next > target)
                {
                    break;
                }

                if (next > clock.GetUtcNow())
                {
                    clock.MoveTo(next.Value);
                }

                if (!await RunDueAsync(cancellationToken))
                {
                    break; // nothing could run at this instant (all waiting on something later)
                }
            }

            clock.MoveTo(target);
            await RunDueAsync(cancellationToken);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A command wrote notifications: deliver what is due now, before the command's reply returns.</summary>
    public async Task NotificationsWrittenAsync(string workspaceId, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await RunDueAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Runs the sweep and every delivery due at the clock's current instant. True when anything ran.</summary>
    private async Task<bool> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var outcome = await sweep.RunAsync(now, cancellationToken);
        var ran = outcome.Claimed > 0;
        var due = await outbox.DueDeliveriesAsync(now, NotificationDelivery.Lease, 10_000, cancellationToken);
        foreach (var id in due.Order())
        {
            var result = await delivery.DeliverAsync(id, cancellationToken);
            ran |= result.Result is not DeliveryResult.NotClaimable;
        }

        return ran;
    }
}
