using CommitmentBot.Core.Ports;
using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Rows;
using CommitmentBot.Storage.Sql;

namespace CommitmentBot.Storage.Stores;

/// <summary>The weekly digest's switch, its claims and their outbox deliveries (see <see cref="IDigestStore"/>).</summary>
public sealed class DigestStore(DbConnectionFactory connections) : IDigestStore
{
    private readonly SqlDialect dialect = connections.Dialect;

    /// <inheritdoc />
    public async Task<bool> IsEnabledAsync(string workspaceId, string userId, CancellationToken cancellationToken)
    {
        var enabled = await connections.QuerySingleOrDefaultAsync<int?>(SharedSql.FindDigestPref, new { WorkspaceId = workspaceId, UserId = userId }, cancellationToken).ConfigureAwait(false);
        return enabled is null or not 0;
    }

    /// <inheritdoc />
    public async Task SetEnabledAsync(string workspaceId, string userId, bool enabled, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ColumnLimits.CheckRequired(workspaceId, ColumnLimits.Id, "Workspace id");
        ColumnLimits.CheckRequired(userId, ColumnLimits.Id, "User id");
        await connections.ExecuteWriteAsync(dialect.UpsertDigestPref, new { WorkspaceId = workspaceId, UserId = userId, Enabled = enabled ? 1 : 0, Now = EpochMilliseconds.From(now) }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long?> EnqueueAsync(string workspaceId, string userId, string weekKey, DateTimeOffset notBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ColumnLimits.CheckRequired(workspaceId, ColumnLimits.Id, "Workspace id");
        ColumnLimits.CheckRequired(userId, ColumnLimits.Id, "User id");
        ColumnLimits.CheckRequired(weekKey, 16, "Week key");
        var parameters = new { WorkspaceId = workspaceId, UserId = userId, WeekKey = weekKey, NotBefore = EpochMilliseconds.From(notBefore), Now = EpochMilliseconds.From(now) };
        var transaction = await connections.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            // The claim is the idempotency key (person and ISO week); the delivery commits with it or not at all.
            if (await transaction.ExecuteAsync(dialect.ClaimDigest, parameters, cancellationToken).ConfigureAwait(false) != 1)
            {
                return null;
            }

            var id = await transaction.ExecuteScalarAsync<long>(dialect.InsertDigestDelivery, parameters, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync().ConfigureAwait(false);
            return id;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DigestManager>> ListManagersAsync(DigestManager? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var rows = await connections.QueryAsync<(string WorkspaceId, string UserId)>(
            dialect.ListDigestManagers,
            new { AfterWorkspace = after?.WorkspaceId ?? "", AfterUser = after?.UserId ?? "", Limit = limit },
            cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new DigestManager(r.WorkspaceId, r.UserId)).ToList();
    }
}
