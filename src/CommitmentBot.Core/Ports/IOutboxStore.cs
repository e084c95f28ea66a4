using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;

namespace CommitmentBot.Core.Ports;

/// <summary>What the sweep decided for one claimed commitment: the new row, its history lines, its notifications.</summary>
/// <param name="Updated">The commitment to save (its <c>Version</c> is the one claimed).</param>
/// <param name="Events">History lines to append.</param>
/// <param name="Notifications">Notifications to write (duplicates by idempotency key are ignored).</param>
public sealed record SweepDecision(Commitment Updated, IReadOnlyList<CommitmentEvent> Events, IReadOnlyList<NewNotification> Notifications);

/// <summary>Decides, for a batch of claimed commitments, what each one's due step produces.</summary>
public delegate ValueTask<IReadOnlyList<SweepDecision>> SweepDecider(IReadOnlyList<Commitment> claimed, CancellationToken cancellationToken);

/// <summary>The status of an outbox delivery (one message to one recipient).</summary>
public enum DeliveryStatus
{
    /// <summary>Waiting to be sent.</summary>
    Pending,

    /// <summary>A sender has it; if it stays so past the lease, the send is checked before any resend.</summary>
    Sending,

    /// <summary>Sent; the platform message id is recorded.</summary>
    Sent,

    /// <summary>Gave up: the platform refused for good or the attempts ran out.</summary>
    Failed,

    /// <summary>Nothing left to say (the commitments it was about changed first).</summary>
    Cancelled,
}

/// <summary>An outbox delivery: one message to one recipient, bundling one or more notifications.</summary>
/// <param name="Id">The delivery id.</param>
/// <param name="WorkspaceId">The workspace.</param>
/// <param name="RecipientKind">User or channel.</param>
/// <param name="RecipientId">The user or channel id.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Attempts">How many sends were started.</param>
/// <param name="NotBefore">Not to be sent before this instant.</param>
/// <param name="SendingSince">When the current send started, while sending.</param>
/// <param name="PlatformMessageId">The platform's id once sent.</param>
/// <param name="DigestWeek">For a weekly digest, its ISO week (<c>2026-W50</c>): the message is the digest, rendered when sent; null for ladder notifications.</param>
public sealed record Delivery(
    long Id,
    string WorkspaceId,
    RecipientKind RecipientKind,
    string RecipientId,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset NotBefore,
    DateTimeOffset? SendingSince,
    string? PlatformMessageId,
    string? DigestWeek = null);

/// <summary>A claimed delivery: <see cref="Recovering"/> is true when an earlier send may have happened (crash while sending).</summary>
/// <param name="Delivery">The delivery, now <see cref="DeliveryStatus.Sending"/>.</param>
/// <param name="Recovering">True when it was found sending past its lease.</param>
/// <param name="PreviousSendStartedAt">When the earlier send started, when recovering.</param>
public sealed record DeliveryClaim(Delivery Delivery, bool Recovering, DateTimeOffset? PreviousSendStartedAt);

/// <summary>A notification inside a delivery.</summary>
/// <param name="Id">The notification id.</param>
/// <param name="CommitmentId">The commitment it is about.</param>
/// <param name="DueVersion">The due version it was decided for.</param>
/// <param name="Step">The step.</param>
/// <param name="CreatedAt">When it was decided.</param>
/// <param name="DeliverAt">When it was due to be delivered (a ladder step's own instant), when the store keeps it.</param>
/// <param name="ManagerChange">For a <see cref="LadderStepKind.ManagerChangeNotice"/> (about no promise: <paramref name="CommitmentId"/> is 0), the change it tells.</param>
public sealed record OutboxNotification(long Id, long CommitmentId, int DueVersion, LadderStepKind Step, DateTimeOffset CreatedAt, DateTimeOffset? DeliverAt = null, ManagerChange? ManagerChange = null);

/// <summary>
/// The clock's storage: the sweep's claim, the notification outbox and its deliveries. Claims are made
/// in SQL (PostgreSQL <c>FOR UPDATE SKIP LOCKED</c>, SQL Server <c>UPDLOCK, READPAST</c>, SQLite's single
/// writer), so several instances can run the same jobs against one database.
/// </summary>
public interface IOutboxStore
{
    /// <summary>
    /// Claims up to <paramref name="batchSize"/> commitments (any workspace) whose <c>next_action_at</c> is
    /// at or before <paramref name="now"/>, lets <paramref name="decide"/> say what each produces, and
    /// writes every decision — updated row (version-checked), events, notifications — in the same
    /// transaction as the claim. Returns how many commitments were claimed (0 = nothing due).
    /// </summary>
    Task<int> SweepAsync(DateTimeOffset now, int batchSize, SweepDecider decide, CancellationToken cancellationToken);

    /// <summary>
    /// Bundles pending notifications whose deliver-at has come into deliveries, one per recipient
    /// (workspace, kind, id), and returns the new delivery ids.
    /// </summary>
    Task<IReadOnlyList<long>> BundleAsync(DateTimeOffset now, int maxNotifications, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a delivery to sending: a pending one whose not-before has come, or one left sending longer
    /// than <paramref name="lease"/> (a crashed send: then <see cref="DeliveryClaim.Recovering"/> is true).
    /// Returns null when it is not claimable (sent, cancelled, failed, not yet due, or being sent right now).
    /// </summary>
    Task<DeliveryClaim?> ClaimDeliveryAsync(long deliveryId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>The notifications bundled into a delivery (the workspace is checked).</summary>
    Task<IReadOnlyList<OutboxNotification>> NotificationsAsync(string workspaceId, long deliveryId, CancellationToken cancellationToken);

    /// <summary>Records the send; the delivery and its notifications become sent. Only a sending delivery changes.</summary>
    Task<bool> MarkSentAsync(long deliveryId, string platformMessageId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks notifications that no longer apply as cancelled; a delivery left with none becomes cancelled.</summary>
    Task CancelNotificationsAsync(long deliveryId, IReadOnlyCollection<long> notificationIds, CancellationToken cancellationToken);

    /// <summary>A failed attempt: back to pending until <paramref name="retryAt"/>, or failed for good when <paramref name="giveUp"/>.</summary>
    Task ReleaseAsync(long deliveryId, DateTimeOffset retryAt, string error, bool giveUp, CancellationToken cancellationToken);

    /// <summary>Deliveries to (re)start now: pending ones whose not-before has come, and sending ones older than the lease.</summary>
    Task<IReadOnlyList<long>> DueDeliveriesAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);

    /// <summary>The earliest instant anything is scheduled (a ladder step, a notification, a delivery), or null.</summary>
    Task<DateTimeOffset?> NextEventAtAsync(CancellationToken cancellationToken);

    /// <summary>Finds a delivery.</summary>
    Task<Delivery?> FindDeliveryAsync(long deliveryId, CancellationToken cancellationToken);
}
