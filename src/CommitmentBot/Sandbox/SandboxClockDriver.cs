using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;

namespace CommitmentBot.Sandbox;

/// <summary>
/// Drives the clock's one loop (<see cref="ClockTick"/>) from the simulated clock: moving the clock forward runs
/// everything that falls due in the span, in order, each at its own instant, before the call returns.
/// </summary>
public sealed partial class SandboxClockDriver(SandboxClock clock, ClockTick tick, NotificationDelivery delivery, IServiceProvider services, ILogger<SandboxClockDriver> logger) : IOutboxSignal, IDisposable
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

            var before = clock.GetUtcNow();
            await tick.RunUntilAsync(target, clock, instant => clock.MoveTo(instant), delivery, cancellationToken);

            // The weekly digest on the simulated clock: whoever's digest time has passed gets it now (once a week),
            // handed to the outbox and sent by the same delivery path as every other message.
            if (services.GetService<Core.Records.WeeklyDigest>() is { } digest
                && (await digest.RunAsync(clock.GetUtcNow(), cancellationToken, since: before)).Claimed > 0)
            {
                await tick.RunUntilAsync(clock.GetUtcNow(), clock, instant => clock.MoveTo(instant), delivery, cancellationToken);
            }

            return true;
        }
        catch (ClockStuckException stuck)
        {
            LogStuck(logger, stuck.At, clock.GetUtcNow());
            throw;
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
        catch (ClockStuckException stuck)
        {
            // The command that wrote them succeeded; the next clock move says the clock is stuck.
            LogStuck(logger, stuck.At, clock.GetUtcNow());
        }
        finally
        {
            gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sandbox clock stuck at {Now:O}: a step due at {At:O} could not be taken; it was not skipped")]
    private static partial void LogStuck(ILogger logger, DateTimeOffset at, DateTimeOffset now);
}
