namespace CommitmentBot.Core.Ports;

/// <summary>
/// Told when a command wrote notifications to the outbox (an early warning, a manager alert), so the
/// host can bundle and deliver them now instead of at the next sweep.
/// </summary>
public interface IOutboxSignal
{
    /// <summary>Notifications were written for <paramref name="workspaceId"/>.</summary>
    Task NotificationsWrittenAsync(string workspaceId, CancellationToken cancellationToken);
}
