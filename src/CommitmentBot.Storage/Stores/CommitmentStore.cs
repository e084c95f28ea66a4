using System.Data.Common;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Ports;
using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Rows;
using CommitmentBot.Storage.Sql;
using Dapper;

namespace CommitmentBot.Storage.Stores;

/// <summary>Commitments, their history and the notification outbox writes that go with a change.</summary>
public sealed class CommitmentStore(DbConnectionFactory connections) : ICommitmentStore
{
    private readonly SqlDialect dialect = connections.Dialect;

    /// <inheritdoc />
    public async Task<(Commitment Commitment, bool Created)> CreateAsync(
        Commitment draft,
        CommitmentEvent created,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(created);
        var row = CommitmentMapping.ToRow(draft);
        row.Version = 1;
        var eventRow = CommitmentMapping.ToRow(created, row.WorkspaceId, commitmentId: 0);

        try
        {
            if (dialect.CreateCommitmentInOneStatement is { } oneStatement)
            {
                if (!connections.InRequestUnit)
                {
                    return await CreateInOneStatementAsync(oneStatement, row, eventRow, cancellationToken).ConfigureAwait(false);
                }

                // Inside a request's transaction the statement runs in a savepoint: a lost race on the client request id
                // is then answered (below) without spoiling the rest of the request's transaction.
                var savepoint = await connections.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
                await using (savepoint.ConfigureAwait(false))
                {
                    var made = await CreateInOneStatementAsync(oneStatement, row, eventRow, cancellationToken).ConfigureAwait(false);
                    await savepoint.CommitAsync().ConfigureAwait(false);
                    return made;
                }
            }

            var transaction = await connections.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (row.ClientRequestId is not null)
                {
                    var existing = await transaction.QuerySingleOrDefaultAsync<CommitmentRow>(
                        SharedSql.FindCommitmentByClientRequestId,
                        new { row.WorkspaceId, row.ClientRequestId },
                        cancellationToken).ConfigureAwait(false);
                    if (existing is not null)
                    {
                        return (CommitmentMapping.ToCommitment(existing), false);
                    }
                }

                row.Number = await transaction.ExecuteScalarAsync<int>(dialect.TakeNextNumber, new { row.WorkspaceId }, cancellationToken)
                    .ConfigureAwait(false);
                row.Id = await transaction.ExecuteScalarAsync<long>(dialect.InsertCommitment, row, cancellationToken).ConfigureAwait(false);
                eventRow.CommitmentId = row.Id;
                await transaction.ExecuteAsync(SharedSql.InsertCommitmentEvent, eventRow, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync().ConfigureAwait(false);
            }
        }
        catch (DbException ex) when (row.ClientRequestId is not null && dialect.IsUniqueViolation(ex))
        {
            // Another request with the same client request id committed between our check and our insert
            // (possible on the server engines). Ours is rolled back, counter included; answer with theirs.
            var winner = await connections.QuerySingleOrDefaultAsync<CommitmentRow>(
                SharedSql.FindCommitmentByClientRequestId,
                new { row.WorkspaceId, row.ClientRequestId },
                cancellationToken).ConfigureAwait(false);
            if (winner is null)
            {
                throw;
            }

            return (CommitmentMapping.ToCommitment(winner), false);
        }

        return (CommitmentMapping.ToCommitment(row), true);
    }

    private async Task<(Commitment Commitment, bool Created)> CreateInOneStatementAsync(string sql, CommitmentRow row, CommitmentEventRow eventRow, CancellationToken cancellationToken)
    {
        // No look-up first: a repeated client request id fails the statement on its unique index, which undoes
        // the counter too, and the caller answers with the stored one. One round trip on the hot path.
        var parameters = new DynamicParameters(row);
        parameters.AddDynamicParams(new { EventAt = eventRow.At, EventActorId = eventRow.ActorId, EventKind = eventRow.Kind, EventNote = eventRow.Note });
        var created = await connections.QuerySingleOrDefaultAsync<CreatedIds>(sql, parameters, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("Creating a commitment returned no row.");
        row.Id = created.Id;
        row.Number = created.Number;
        return (CommitmentMapping.ToCommitment(row), true);
    }

    private sealed class CreatedIds
    {
        public long Id { get; set; }

        public int Number { get; set; }
    }

    /// <inheritdoc />
    public async Task<Commitment?> FindByNumberAsync(string workspaceId, int number, CancellationToken cancellationToken)
    {
        var row = await connections.QuerySingleOrDefaultAsync<CommitmentRow>(
            SharedSql.FindCommitmentByNumber,
            new { WorkspaceId = workspaceId, Number = number },
            cancellationToken).ConfigureAwait(false);
        return row is null ? null : CommitmentMapping.ToCommitment(row);
    }

    /// <inheritdoc />
    public async Task<Commitment?> FindAsync(string workspaceId, long id, CancellationToken cancellationToken)
    {
        var row = await connections.QuerySingleOrDefaultAsync<CommitmentRow>(
            SharedSql.FindCommitmentById,
            new { WorkspaceId = workspaceId, Id = id },
            cancellationToken).ConfigureAwait(false);
        return row is null ? null : CommitmentMapping.ToCommitment(row);
    }

    /// <inheritdoc />
    public async Task<Commitment?> UpdateAsync(
        Commitment updated,
        IReadOnlyList<CommitmentEvent> events,
        IReadOnlyList<NewNotification> notifications,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(notifications);
        if (updated.Id <= 0)
        {
            throw new ArgumentException("Only a stored commitment (Id > 0) can be updated.", nameof(updated));
        }

        // Everything is mapped and checked before the transaction opens, so a bad argument writes nothing.
        var row = CommitmentMapping.ToRow(updated);
        var eventRows = events.Select(e => CommitmentMapping.ToRow(e, row.WorkspaceId, row.Id)).ToList();
        var notificationRows = notifications.Select(n => CommitmentMapping.ToRow(n, row.WorkspaceId, row.Id)).ToList();

        var transaction = await connections.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var saved = await transaction.QuerySingleOrDefaultAsync<CommitmentRow>(dialect.UpdateCommitment, row, cancellationToken)
                .ConfigureAwait(false);
            if (saved is null)
            {
                return null;
            }

            if (eventRows.Count > 0)
            {
                await transaction.ExecuteAsync(SharedSql.InsertCommitmentEvent, eventRows, cancellationToken).ConfigureAwait(false);
            }

            if (notificationRows.Count > 0)
            {
                await transaction.ExecuteAsync(dialect.InsertNotification, notificationRows, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync().ConfigureAwait(false);
            return CommitmentMapping.ToCommitment(saved);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Commitment>> ListActiveByOwnersAsync(
        string workspaceId,
        IReadOnlyCollection<string> ownerIds,
        int limit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ownerIds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (ownerIds.Count == 0)
        {
            return [];
        }

        var rows = await connections.QueryAsync<CommitmentRow>(
            dialect.ListActiveByOwners,
            new { WorkspaceId = workspaceId, OwnerIds = ownerIds.Distinct(StringComparer.Ordinal).ToArray(), Limit = limit },
            cancellationToken).ConfigureAwait(false);
        return rows.Select(CommitmentMapping.ToCommitment).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Commitment>> ListClosedAsync(
        string workspaceId,
        IReadOnlyCollection<string>? ownerIds,
        DateTimeOffset since,
        DateTimeOffset until,
        CancellationToken cancellationToken)
    {
        if (ownerIds is { Count: 0 })
        {
            return [];
        }

        var rows = ownerIds is null
            ? await connections.QueryAsync<CommitmentRow>(
                SharedSql.ListClosedCommitments,
                new { WorkspaceId = workspaceId, Since = EpochMilliseconds.From(since), Until = EpochMilliseconds.From(until) },
                cancellationToken).ConfigureAwait(false)
            : await connections.QueryAsync<CommitmentRow>(
                dialect.ListClosedByOwners,
                new
                {
                    WorkspaceId = workspaceId,
                    OwnerIds = ownerIds.Distinct(StringComparer.Ordinal).ToArray(),
                    Since = EpochMilliseconds.From(since),
                    Until = EpochMilliseconds.From(until),
                },
                cancellationToken).ConfigureAwait(false);
        return rows.Select(CommitmentMapping.ToCommitment).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CommitmentEvent>> HistoryAsync(string workspaceId, long commitmentId, CancellationToken cancellationToken)
    {
        var rows = await connections.QueryAsync<CommitmentEventRow>(
            SharedSql.ListCommitmentHistory,
            new { WorkspaceId = workspaceId, CommitmentId = commitmentId },
            cancellationToken).ConfigureAwait(false);
        return rows.Select(CommitmentMapping.ToEvent).ToList();
    }
}
