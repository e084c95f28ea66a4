namespace CommitmentBot.Core.Ports;

/// <summary>A manager with at least one report (who gets the weekly digest).</summary>
/// <param name="WorkspaceId">Their workspace.</param>
/// <param name="UserId">The manager.</param>
public sealed record DigestManager(string WorkspaceId, string UserId);

/// <summary>The weekly digest's own state: who switched it off, and one claim per person and week.</summary>
public interface IDigestStore
{
    /// <summary>False when the person said <c>settings digest off</c> (on by default).</summary>
    Task<bool> IsEnabledAsync(string workspaceId, string userId, CancellationToken cancellationToken);

    /// <summary>Records <c>settings digest on|off</c>.</summary>
    Task SetEnabledAsync(string workspaceId, string userId, bool enabled, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the digest of <paramref name="weekKey"/> (ISO week, e.g. <c>2026-W49</c>) for a person: true for the one
    /// caller that inserts the claim, false for every other (another instance, a retry). Inside a write transaction
    /// the claim commits with the digest's outbox rows, so a crash before the hand-over leaves neither.
    /// </summary>
    Task<bool> TryClaimAsync(string workspaceId, string userId, string weekKey, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Every manager with at least one report, across workspaces, after <paramref name="after"/> in (workspace, user) order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<DigestManager>> ListManagersAsync(DigestManager? after, int limit, CancellationToken cancellationToken);
}
