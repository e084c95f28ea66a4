using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;

namespace CommitmentBot.Sandbox;

/// <summary>
/// Drives the clock's one loop (<see cref="ClockTick"/>) from the simulated clock: moving the clock forward runs
/// everything that falls due in the span, in order, each at its own instant, before the call returns.
/// </summary>
public sealed class SandboxClockDriver(SandboxClock clock, ClockTick tick, NotificationDelivery delivery) : IOutboxSignal, IDisposable
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

            await tick.RunUntilAsync(target, clock, instant => clock.MoveTo(instant), delivery, cancellationToken);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Runs the sandbox's reset with the clock held still: no step runs while the data is erased and the clock put back.</summary>
    public async Task ResetAsync(Func<Task> reset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reset);
        await gate.WaitAsync(cancellationToken);
        try
        {
            await reset();
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
            await tick.RunUntilAsync(clock.GetUtcNow(), clock, instant => clock.MoveTo(instant), delivery, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }
}
