namespace CommitmentBot.Core.Ports;

/// <summary>
/// A change of who a rep reports to (issue 9.19): who, from whom to whom (null = none), who made it and when.
/// </summary>
/// <param name="WorkspaceId">The workspace.</param>
/// <param name="RepId">The rep whose manager changed.</param>
/// <param name="OldManagerId">The manager before, or null.</param>
/// <param name="NewManagerId">The manager now, or null.</param>
/// <param name="ChangedById">Who made the change (the rep, or an admin).</param>
/// <param name="ChangedAt">When (UTC).</param>
public sealed record ManagerChange(string WorkspaceId, string RepId, string? OldManagerId, string? NewManagerId, string ChangedById, DateTimeOffset ChangedAt);

/// <summary>One person to tell about a <see cref="ManagerChange"/>, and when (inside their working hours).</summary>
/// <param name="RecipientId">The person.</param>
/// <param name="DeliverAt">When it may be delivered (UTC).</param>
public sealed record ManagerChangeNotice(string RecipientId, DateTimeOffset DeliverAt);

/// <summary>Changes a rep's manager and writes who is to be told to the outbox, in one transaction.</summary>
public interface IManagerChangeStore
{
    /// <summary>
    /// Sets the rep's manager to <see cref="ManagerChange.NewManagerId"/> only if it still is
    /// <see cref="ManagerChange.OldManagerId"/>, records the change and writes one outbox notification
    /// (<c>manager_change_notice</c>) per notice, all or nothing. Returns false, writing nothing, when the rep's manager
    /// was no longer the old one (someone changed it first, or a retried request already did): so a change is told once.
    /// </summary>
    Task<bool> ChangeManagerAsync(ManagerChange change, IReadOnlyList<ManagerChangeNotice> notices, CancellationToken cancellationToken);
}
