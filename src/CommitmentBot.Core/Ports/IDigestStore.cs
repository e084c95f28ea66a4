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
    /// Claims the digest of <paramref name="weekKey"/> (ISO week, e.g. <c>2026-W49</c>) for a person and hands it to the
    /// outbox: in one write transaction, the claim (the idempotency key: person and week) and a pending delivery marked
    /// with the week, not to be sent before <paramref name="notBefore"/>. Returns the delivery's id for the one caller
    /// that inserts the claim, null for every other (another instance, a retry); a crash leaves neither or both.
    /// </summary>
    Task<long?> EnqueueAsync(string workspaceId, string userId, string weekKey, DateTimeOffset notBefore, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Every manager with at least one report, across workspaces, after <paramref name="after"/> in (workspace, user) order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<DigestManager>> ListManagersAsync(DigestManager? after, int limit, CancellationToken cancellationToken);
}

/// <summary>Renders a digest delivery when the outbox sends it (the weekly digest's half of the one delivery path).</summary>
public interface IDigestRenderer
{
    /// <summary>
    /// The digest for the delivery's recipient and week: the team's week for a manager, "your week" for a rep; null when
    /// there is nothing to say (no record yet, or the person switched the digest off since), and the delivery is cancelled.
    /// </summary>
    Task<Messages.OutboundMessage?> RenderAsync(Delivery delivery, DateTimeOffset now, CancellationToken cancellationToken);
}
