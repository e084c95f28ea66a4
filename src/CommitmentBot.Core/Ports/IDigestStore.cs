namespace CommitmentBot.Core.Ports;

/// <summary>A manager with at least one report (who gets the weekly digest).</summary>
/// <param name="WorkspaceId">Their workspace.</param>
/// <param name="UserId">The manager.</param>
public sealed record DigestManager(string WorkspaceId, string UserId);

/// <summary>A digest's recipient as its renderer needs them, read at once.</summary>
/// <param name="Person">Who they are.</param>
/// <param name="Enabled">False when they said <c>settings digest off</c>.</param>
/// <param name="HasReports">True when someone reports to them (they get the team's week).</param>
public sealed record DigestRecipient(People.Person Person, bool Enabled, bool HasReports);

/// <summary>A digest claimed for a person and handed to the outbox.</summary>
/// <param name="UserId">The person.</param>
/// <param name="DeliveryId">Its pending outbox delivery.</param>
public sealed record DigestClaim(string UserId, long DeliveryId);

/// <summary>The weekly digest's own state: who switched it off, and one claim per person and week.</summary>
public interface IDigestStore
{
    /// <summary>False when the person said <c>settings digest off</c> (on by default).</summary>
    Task<bool> IsEnabledAsync(string workspaceId, string userId, CancellationToken cancellationToken);

    /// <summary>Those of <paramref name="userIds"/> who switched their digest off.</summary>
    Task<IReadOnlySet<string>> DisabledAsync(string workspaceId, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken);

    /// <summary>The person, whether their digest is on and whether anyone reports to them, in one read; null for someone unknown.</summary>
    Task<DigestRecipient?> RecipientAsync(string workspaceId, string userId, CancellationToken cancellationToken);

    /// <summary>Records <c>settings digest on|off</c>.</summary>
    Task SetEnabledAsync(string workspaceId, string userId, bool enabled, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the digests of <paramref name="weekKey"/> (ISO week, e.g. <c>2026-W49</c>) for some people (a manager and
    /// their reps) and hands them to the outbox: in one write transaction, per person the claim (the idempotency key:
    /// person and week) and a pending delivery marked with the week, not to be sent before <paramref name="notBefore"/>.
    /// Returns the claims this caller inserted; a person already claimed (by another instance, a retry) is left out, and
    /// a crash leaves neither claims nor deliveries.
    /// </summary>
    Task<IReadOnlyList<DigestClaim>> EnqueueAsync(string workspaceId, IReadOnlyList<string> userIds, string weekKey, DateTimeOffset notBefore, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Every manager with at least one report, across workspaces, after <paramref name="after"/> in (workspace, user) order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<DigestManager>> ListManagersAsync(DigestManager? after, int limit, CancellationToken cancellationToken);
}

/// <summary>One person's digest claim (see <see cref="IDigestStore.EnqueueAsync"/>).</summary>
public static class DigestStoreExtensions
{
    /// <summary>Claims one person's digest for the week: the delivery's id, or null when it was claimed before.</summary>
    public static async Task<long?> EnqueueAsync(this IDigestStore store, string workspaceId, string userId, string weekKey, DateTimeOffset notBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var claims = await store.EnqueueAsync(workspaceId, [userId], weekKey, notBefore, now, cancellationToken).ConfigureAwait(false);
        return claims.Count == 0 ? null : claims[0].DeliveryId;
    }
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
