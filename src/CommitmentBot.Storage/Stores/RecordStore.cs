using System.Globalization;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Records;
using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Rows;
using CommitmentBot.Storage.Sql;
using Dapper;

namespace CommitmentBot.Storage.Stores;

/// <summary>The delivery record, counted in SQL (see <c>SqlDialect.Record</c>): one row per group comes back, never the promises.</summary>
public sealed class RecordStore(DbConnectionFactory connections) : IRecordStore
{
    private readonly SqlDialect dialect = connections.Dialect;

    /// <inheritdoc />
    public async Task<RecordGroups> CountAsync(RecordScope scope, RecordWindow window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (Nobody(scope))
        {
            return new RecordGroups([], []);
        }

        var rows = await connections.QueryAsync<RecordCodeRow>(
            dialect.Record(RecordStatementKind.Counts, KindOf(scope)),
            Parameters(scope, window, now),
            cancellationToken).ConfigureAwait(false);
        return new RecordGroups(Sum(rows, r => r.OwnerId), Sum(rows, r => r.CustomerKey));
    }

    /// <summary>The rows of one statement (rep × customer × period × code) summed per rep or per customer.</summary>
    private static List<RecordGroupCounts> Sum(IEnumerable<RecordCodeRow> rows, Func<RecordCodeRow, string?> key)
    {
        var groups = new Dictionary<string, (string? Key, string? Label, RecordCounts Current, RecordCounts Previous)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var k = key(row);
            var slot = k ?? "";
            var g = groups.TryGetValue(slot, out var found) ? found : (k, null, RecordCounts.Zero, RecordCounts.Zero);
            if (row.Label is not null && (g.Label is null || string.CompareOrdinal(row.Label, g.Label) < 0))
            {
                g.Label = row.Label;
            }

            if (row.Previous == 0)
            {
                g.Current = RecordCode.Add(g.Current, row.Code, (int)row.N);
            }
            else
            {
                g.Previous = RecordCode.Add(g.Previous, row.Code, (int)row.N);
            }

            groups[slot] = g;
        }

        return groups.Values
            .Select(g => new RecordGroupCounts(g.Key, g.Label, g.Current, g.Previous))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LatenessSample>> LatenessAsync(RecordScope scope, RecordWindow window, CancellationToken cancellationToken)
    {
        if (Nobody(scope))
        {
            return [];
        }

        var rows = await connections.QueryAsync<LatenessRow>(
            dialect.Record(RecordStatementKind.Lateness, KindOf(scope)),
            Parameters(scope, window, window.End),
            cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new LatenessSample(r.OwnerId, EpochMilliseconds.ToInstant(r.DueAt), EpochMilliseconds.ToInstant(r.ClosedAt ?? r.DueAt), r.Previous != 0)).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Commitment>> SlipsAsync(RecordScope scope, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (Nobody(scope))
        {
            return [];
        }

        var parameters = Parameters(scope, new RecordWindow(start, end, start), now);
        parameters.Add("Limit", limit);
        var rows = await connections.QueryAsync<CommitmentRow>(dialect.Record(RecordStatementKind.Slips, KindOf(scope)), parameters, cancellationToken).ConfigureAwait(false);
        return rows.Select(CommitmentMapping.ToCommitment).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RecordCounts>> WeeklyAsync(RecordScope scope, IReadOnlyList<DateTimeOffset> boundaries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        if (boundaries.Count != SqlDialect.RecordWeeks + 1)
        {
            throw new ArgumentException($"The trend needs {SqlDialect.RecordWeeks + 1} week boundaries.", nameof(boundaries));
        }

        var weeks = new RecordCounts[SqlDialect.RecordWeeks];
        if (Nobody(scope))
        {
            return weeks;
        }

        var parameters = Parameters(scope, new RecordWindow(boundaries[0], boundaries[^1], boundaries[0]), now);
        for (var i = 0; i < boundaries.Count; i++)
        {
            parameters.Add("W" + i.ToString(CultureInfo.InvariantCulture), EpochMilliseconds.From(boundaries[i]));
        }

        var rows = await connections.QueryAsync<RecordCodeRow>(dialect.Record(RecordStatementKind.Weekly, KindOf(scope)), parameters, cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            if (row.Week is >= 0 and < SqlDialect.RecordWeeks)
            {
                weeks[row.Week] = RecordCode.Add(weeks[row.Week], row.Code, (int)row.N);
            }
        }

        return weeks;
    }

    private static bool Nobody(RecordScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.OwnerIds is { Count: 0 };
    }

    private static RecordScopeKind KindOf(RecordScope scope) => (scope.OwnerIds, scope.CustomerKey) switch
    {
        (null, null) => RecordScopeKind.Workspace,
        (null, _) => RecordScopeKind.CustomerOfWorkspace,
        (_, null) => RecordScopeKind.Owners,
        _ => RecordScopeKind.CustomerOfOwners,
    };

    private static DynamicParameters Parameters(RecordScope scope, RecordWindow window, DateTimeOffset now)
    {
        var parameters = new DynamicParameters();
        parameters.Add("WorkspaceId", scope.WorkspaceId);
        if (scope.OwnerIds is not null)
        {
            parameters.Add("OwnerIds", scope.OwnerIds.Distinct(StringComparer.Ordinal).ToArray());
        }

        if (scope.CustomerKey is not null)
        {
            parameters.Add("CustomerKey", scope.CustomerKey);
        }

        parameters.Add("Start", EpochMilliseconds.From(window.Start));
        parameters.Add("End", EpochMilliseconds.From(window.End));
        parameters.Add("PreviousStart", EpochMilliseconds.From(window.PreviousStart));
        parameters.Add("Now", EpochMilliseconds.From(now));
        return parameters;
    }
}
