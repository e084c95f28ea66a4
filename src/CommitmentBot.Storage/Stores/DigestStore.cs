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
    public async Task<DigestRecipient?> RecipientAsync(string workspaceId, string userId, CancellationToken cancellationToken)
    {
        var row = await connections.QuerySingleOrDefaultAsync<DigestRecipientRow>(SharedSql.FindDigestRecipient, new { WorkspaceId = workspaceId, UserId = userId }, cancellationToken).ConfigureAwait(false);
        return row is null ? null : new DigestRecipient(PeopleStore.ToPerson(row), row.DigestEnabled != 0, row.HasReports != 0);
    }

    /// <inheritdoc />
    public async Task SetEnabledAsync(string workspaceId, string userId, bool enabled, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ColumnLimits.CheckRequired(workspaceId, ColumnLimits.Id, "Workspace id");
        ColumnLimits.CheckRequired(userId, ColumnLimits.Id, "User id");
        await connections.ExecuteWriteAsync(dialect.UpsertDigestPref, new { WorkspaceId = workspaceId, UserId = userId, Enabled = enabled ? 1 : 0, Now = EpochMilliseconds.From(now) }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<string>> DisabledAsync(string workspaceId, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        var off = await connections.QueryAsync<string>(dialect.FindDigestOff, new { WorkspaceId = workspaceId, UserIds = userIds.Distinct(StringComparer.Ordinal).ToArray() }, cancellationToken).ConfigureAwait(false);
        return off.ToHashSet(StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DigestClaim>> EnqueueAsync(string workspaceId, IReadOnlyList<string> userIds, string weekKey, DateTimeOffset notBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        ColumnLimits.CheckRequired(workspaceId, ColumnLimits.Id, "Workspace id");
        ColumnLimits.CheckRequired(weekKey, 16, "Week key");
        foreach (var userId in userIds)
        {
            ColumnLimits.CheckRequired(userId, ColumnLimits.Id, "User id");
        }

        var claims = new List<DigestClaim>(userIds.Count);
        if (userIds.Count == 0)
        {
            return claims;
        }

        // Claims are taken in user-id order whatever the caller's order, so two runs claiming overlapping people at once
        // (a manager who is also a rep, even two people managing each other) lock their keys in the same order and
        // cannot deadlock; the result keeps the caller's order.
        var distinct = userIds.Distinct(StringComparer.Ordinal).ToArray();
        var ordered = distinct.Order(StringComparer.Ordinal).ToArray();
        if (dialect.ClaimDigestsFromArrays is { } claimAll)
        {
            var once = await connections.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
            await using (once.ConfigureAwait(false))
            {
                var rows = await once.QueryAsync<(string UserId, long DeliveryId)>(
                    claimAll,
                    new { WorkspaceId = workspaceId, UserIds = ordered, WeekKey = weekKey, NotBefore = EpochMilliseconds.From(notBefore), Now = EpochMilliseconds.From(now) },
                    cancellationToken).ConfigureAwait(false);
                await once.CommitAsync().ConfigureAwait(false);
                return rows.Select(r => new DigestClaim(r.UserId, r.DeliveryId)).OrderBy(c => Array.IndexOf(distinct, c.UserId)).ToList();
            }
        }

        var transaction = await connections.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            // Each claim is the idempotency key (person and ISO week); its delivery commits with it or not at all, and
            // one commit serves a manager and all their reps.
            foreach (var userId in ordered)
            {
                var parameters = new { WorkspaceId = workspaceId, UserId = userId, WeekKey = weekKey, NotBefore = EpochMilliseconds.From(notBefore), Now = EpochMilliseconds.From(now) };
                if (await transaction.ExecuteAsync(dialect.ClaimDigest, parameters, cancellationToken).ConfigureAwait(false) != 1)
                {
                    continue;
                }

                claims.Add(new DigestClaim(userId, await transaction.ExecuteScalarAsync<long>(dialect.InsertDigestDelivery, parameters, cancellationToken).ConfigureAwait(false)));
            }

            await transaction.CommitAsync().ConfigureAwait(false);
            return claims.OrderBy(c => Array.IndexOf(distinct, c.UserId)).ToList();
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
