using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;
using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Rows;
using CommitmentBot.Storage.Sql;

namespace CommitmentBot.Storage.Stores;

/// <summary>
/// The clock's storage: the sweep's claim, the notification outbox and its deliveries. Claims are made
/// in SQL (PostgreSQL <c>FOR UPDATE SKIP LOCKED</c>, SQL Server <c>UPDLOCK, READPAST</c>, SQLite's single
/// writer), so several instances can sweep and deliver side by side without doing anything twice.
/// </summary>
public sealed class OutboxStore(DbConnectionFactory connections) : IOutboxStore
{
    private const int MaxErrorLength = 500;
    private readonly SqlDialect dialect = connections.Dialect;

    /// <inheritdoc />
    public async Task<int> SweepAsync(DateTimeOffset now, int batchSize, SweepDecider decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decide);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var transaction = await connections.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var rows = await transaction.QueryAsync<CommitmentRow>(
                dialect.ClaimDueCommitments,
                new { Now = EpochMilliseconds.From(now), Limit = batchSize },
                cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                return 0;
            }

            var claimed = rows.Select(CommitmentMapping.ToCommitment).ToList();
            var decisions = await decide(claimed, cancellationToken).ConfigureAwait(false);
            CheckOnePerClaimed(rows, decisions);

            var updates = new List<CommitmentRow>(decisions.Count);
            var events = new List<CommitmentEventRow>();
            var notifications = new List<NotificationRow>();
            foreach (var decision in decisions)
            {
                var row = CommitmentMapping.ToRow(decision.Updated);
                updates.Add(row);
                events.AddRange(decision.Events.Select(e => CommitmentMapping.ToRow(e, row.WorkspaceId, row.Id)));
                notifications.AddRange(decision.Notifications.Select(n => CommitmentMapping.ToRow(n, row.WorkspaceId, row.Id)));
            }

            await WriteDecisionsAsync(transaction, updates, events, notifications, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync().ConfigureAwait(false);
            return claimed.Count;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<long>> BundleAsync(DateTimeOffset now, int maxNotifications, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNotifications);
        var at = EpochMilliseconds.From(now);
        var transaction = await connections.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var pending = await transaction.QueryAsync<PendingNotificationRow>(
                dialect.ClaimDueNotifications,
                new { Now = at, Limit = maxNotifications },
                cancellationToken).ConfigureAwait(false);
            if (pending.Count == 0)
            {
                return [];
            }

            var deliveries = await BundleIntoDeliveriesAsync(transaction, pending, at, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync().ConfigureAwait(false);
            return deliveries;
        }
    }

    /// <inheritdoc />
    public async Task<DeliveryClaim?> ClaimDeliveryAsync(long deliveryId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var row = await connections.QuerySingleOrDefaultAsync<DeliveryRow>(SharedSql.FindDelivery, new { Id = deliveryId }, cancellationToken)
            .ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var at = EpochMilliseconds.From(now);
        var due = row.Status == "pending" && row.NotBefore <= at;
        var stale = row.Status == "sending" && row.SendingSince is { } since && since <= EpochMilliseconds.From(now - lease);
        if (!due && !stale)
        {
            return null;
        }

        var claimed = await connections.ExecuteWriteAsync(
            SharedSql.ClaimDelivery,
            new { Id = deliveryId, Now = at, row.Status, row.Attempts },
            cancellationToken).ConfigureAwait(false);
        if (claimed != 1)
        {
            return null; // another worker claimed it between our read and our write
        }

        var previousStart = stale ? EpochMilliseconds.ToInstant(row.SendingSince) : null;
        row.Status = "sending";
        row.SendingSince = at;
        row.Attempts++;
        return new DeliveryClaim(ToDelivery(row), stale, previousStart);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxNotification>> NotificationsAsync(string workspaceId, long deliveryId, CancellationToken cancellationToken)
    {
        var rows = await connections.QueryAsync<OutboxNotificationRow>(
            SharedSql.ListDeliveryNotifications,
            new { WorkspaceId = workspaceId, DeliveryId = deliveryId },
            cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new OutboxNotification(
                r.Id,
                r.CommitmentId ?? 0,
                r.DueVersion,
                LadderStepNames.Parse(r.Step),
                EpochMilliseconds.ToInstant(r.CreatedAt),
                EpochMilliseconds.ToInstant(r.DeliverAt),
                r.ManagerChangeId is not null && r.ChangeWorkspaceId is { } ws && r.RepId is { } rep && r.ChangedById is { } by && r.ChangedAt is { } at
                    ? new ManagerChange(ws, rep, r.OldManagerId, r.NewManagerId, by, EpochMilliseconds.ToInstant(at))
                    : null))
            .ToList();
    }

    /// <inheritdoc />
    public async Task<bool> MarkSentAsync(long deliveryId, string platformMessageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(platformMessageId);
        var parameters = new { Id = deliveryId, PlatformMessageId = platformMessageId, Now = EpochMilliseconds.From(now) };
        if (dialect.MarkDeliverySentAtOnce is { } markAll)
        {
            // Not cancellable, like the commit below: the message is out, so the record must not be abandoned halfway.
            return await connections.QuerySingleOrDefaultAsync<long>(markAll, parameters, CancellationToken.None).ConfigureAwait(false) == 1;
        }

        var transaction = await connections.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var marked = await transaction.ExecuteAsync(
                SharedSql.MarkDeliverySent,
                parameters,
                CancellationToken.None).ConfigureAwait(false);
            if (marked != 1)
            {
                return false;
            }

            await transaction.ExecuteAsync(SharedSql.MarkDeliveryNotificationsSent, new { Id = deliveryId }, CancellationToken.None).ConfigureAwait(false);
            await transaction.CommitAsync().ConfigureAwait(false);
            return true;
        }
    }

    /// <inheritdoc />
    public async Task CancelNotificationsAsync(long deliveryId, IReadOnlyCollection<long> notificationIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notificationIds);
        var transaction = await connections.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (notificationIds.Count > 0)
            {
                await transaction.ExecuteAsync(dialect.CancelNotifications, new { Id = deliveryId, Ids = notificationIds.ToArray() }, cancellationToken)
                    .ConfigureAwait(false);
            }

            await transaction.ExecuteAsync(SharedSql.CancelDeliveryIfEmpty, new { Id = deliveryId }, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task ReleaseAsync(long deliveryId, DateTimeOffset retryAt, string error, bool giveUp, CancellationToken cancellationToken) =>
        connections.ExecuteWriteAsync(
            SharedSql.ReleaseDelivery,
            new
            {
                Id = deliveryId,
                Status = giveUp ? "failed" : "pending",
                NotBefore = EpochMilliseconds.From(retryAt),
                Error = error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error,
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<long>> DueDeliveriesAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken) =>
        connections.QueryAsync<long>(
            dialect.DueDeliveries,
            new { Now = EpochMilliseconds.From(now), StaleBefore = EpochMilliseconds.From(now - lease), Limit = max },
            cancellationToken);

    /// <inheritdoc />
    public async Task<DateTimeOffset?> NextEventAtAsync(CancellationToken cancellationToken)
    {
        var next = await connections.QuerySingleOrDefaultAsync<long?>(SharedSql.NextEventAt, null, cancellationToken).ConfigureAwait(false);
        return EpochMilliseconds.ToInstant(next);
    }

    /// <inheritdoc />
    public async Task<Delivery?> FindDeliveryAsync(long deliveryId, CancellationToken cancellationToken)
    {
        var row = await connections.QuerySingleOrDefaultAsync<DeliveryRow>(SharedSql.FindDelivery, new { Id = deliveryId }, cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : ToDelivery(row);
    }

    /// <summary>Saves the sweep's decisions inside its transaction: set-based where the dialect can, else row by row.</summary>
    private async Task WriteDecisionsAsync(
        WriteTransaction transaction,
        List<CommitmentRow> updates,
        List<CommitmentEventRow> events,
        List<NotificationRow> notifications,
        CancellationToken cancellationToken)
    {
        if (dialect.UpdateCommitmentsFromArrays is { } updateAll)
        {
            // The rows are locked by the claim, so every version still matches; a miss means a bug, not a race.
            var saved = await transaction.ExecuteAsync(updateAll, CommitmentUpdateArrays.From(updates), cancellationToken).ConfigureAwait(false);
            if (saved != updates.Count)
            {
                throw new InvalidOperationException($"{updates.Count - saved} of {updates.Count} commitments changed while the sweep held them.");
            }
        }
        else
        {
            foreach (var row in updates)
            {
                _ = await transaction.QuerySingleOrDefaultAsync<CommitmentRow>(dialect.UpdateCommitment, row, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Commitment {row.Id} changed while the sweep held it.");
            }
        }

        if (events.Count > 0)
        {
            await (dialect.InsertEventsFromArrays is { } insertAll
                ? transaction.ExecuteAsync(insertAll, EventArrays.From(events), cancellationToken)
                : transaction.ExecuteAsync(SharedSql.InsertCommitmentEvent, events, cancellationToken)).ConfigureAwait(false);
        }

        if (notifications.Count > 0)
        {
            await (dialect.InsertNotificationsFromArrays is { } insertAll
                ? transaction.ExecuteAsync(insertAll, NotificationArrays.From(notifications), cancellationToken)
                : transaction.ExecuteAsync(dialect.InsertNotification, notifications, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Makes one delivery per recipient of the claimed notifications and puts each notification in its recipient's.</summary>
    private async Task<List<long>> BundleIntoDeliveriesAsync(
        WriteTransaction transaction,
        IReadOnlyList<PendingNotificationRow> pending,
        long now,
        CancellationToken cancellationToken)
    {
        var groups = pending.GroupBy(n => (n.WorkspaceId, n.RecipientKind, n.RecipientId)).ToList();
        var deliveries = new List<long>(groups.Count);
        if (dialect.InsertDeliveriesFromArrays is { } insertAll && dialect.BundleNotificationsFromArrays is { } bundleAll)
        {
            var created = await transaction.QueryAsync<CreatedDeliveryRow>(
                insertAll,
                new
                {
                    WorkspaceIds = groups.Select(g => g.Key.WorkspaceId).ToArray(),
                    RecipientKinds = groups.Select(g => g.Key.RecipientKind).ToArray(),
                    RecipientIds = groups.Select(g => g.Key.RecipientId).ToArray(),
                    Now = now,
                },
                cancellationToken).ConfigureAwait(false);
            var byRecipient = created.ToDictionary(d => (d.WorkspaceId, d.RecipientKind, d.RecipientId), d => d.Id);
            var members = groups.SelectMany(g => g.Select(n => (n.Id, DeliveryId: byRecipient[g.Key]))).ToList();
            await transaction.ExecuteAsync(
                bundleAll,
                new { Ids = members.Select(m => m.Id).ToArray(), DeliveryIds = members.Select(m => m.DeliveryId).ToArray() },
                cancellationToken).ConfigureAwait(false);
            deliveries.AddRange(groups.Select(g => byRecipient[g.Key]));
            return deliveries;
        }

        foreach (var group in groups)
        {
            var deliveryId = await transaction.ExecuteScalarAsync<long>(
                dialect.InsertDelivery,
                new { group.Key.WorkspaceId, group.Key.RecipientKind, group.Key.RecipientId, Now = now },
                cancellationToken).ConfigureAwait(false);
            await transaction.ExecuteAsync(
                dialect.BundleNotifications,
                new { DeliveryId = deliveryId, Ids = group.Select(n => n.Id).ToArray() },
                cancellationToken).ConfigureAwait(false);
            deliveries.Add(deliveryId);
        }

        return deliveries;
    }

    /// <summary>
    /// Each claimed row gets exactly one decision and nothing else is decided: a row left undecided would stay
    /// due and be claimed again by every batch (a sweep that never ends), and a row the claim did not lock
    /// could be changed under a user's command.
    /// </summary>
    private static void CheckOnePerClaimed(IReadOnlyList<CommitmentRow> claimed, IReadOnlyList<SweepDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var open = claimed.ToDictionary(r => r.Id, r => r.WorkspaceId);
        foreach (var decision in decisions)
        {
            var id = decision.Updated.Id;
            if (!open.TryGetValue(id, out var workspaceId) || !string.Equals(workspaceId, decision.Updated.WorkspaceId, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The sweep's decider returned commitment {id}, which this batch did not claim (or decided it twice).");
            }

            open.Remove(id);
        }

        if (open.Count > 0)
        {
            throw new InvalidOperationException($"The sweep's decider left {open.Count} claimed commitment(s) undecided (e.g. {open.Keys.First()}).");
        }
    }

    private static Delivery ToDelivery(DeliveryRow row) => new(
        row.Id,
        row.WorkspaceId,
        StorageNames.ParseRecipientKind(row.RecipientKind),
        row.RecipientId,
        StorageNames.ParseDeliveryStatus(row.Status),
        row.Attempts,
        EpochMilliseconds.ToInstant(row.NotBefore),
        EpochMilliseconds.ToInstant(row.SendingSince),
        row.PlatformMessageId,
        row.DigestWeek);
}
