using System.Collections.Concurrent;
using System.Globalization;
using CommitmentBot.Core.Records;

namespace CommitmentBot.Storage.Sql;

/// <summary>Which promises a record statement reads.</summary>
internal enum RecordScopeKind
{
    /// <summary>The given reps (a person, a team).</summary>
    Owners,

    /// <summary>The whole workspace (an admin).</summary>
    Workspace,

    /// <summary>One customer, among the given reps' promises.</summary>
    CustomerOfOwners,

    /// <summary>One customer, in the whole workspace.</summary>
    CustomerOfWorkspace,
}

/// <summary>What a record statement answers.</summary>
internal enum RecordStatementKind
{
    /// <summary>Counts per group, this period and the previous one.</summary>
    Counts,

    /// <summary>Due and close of the kept-late promises.</summary>
    Lateness,

    /// <summary>The period's slips, latest first.</summary>
    Slips,

    /// <summary>Counts per week over 12 weeks.</summary>
    Weekly,
}

// The delivery record's statements, composed once per dialect from the hooks. Every one filters on workspace_id and a
// due_at range first, which the record indexes (migration 0011) serve, and reads record_code: where the promise stands
// (Core's RecordCode, worked out in C# whenever the promise is written), so the engine groups and counts and never
// evaluates the record's rules row by row. An open promise (outcome 0) counts only once its due has passed.
internal abstract partial class SqlDialect
{
    /// <summary>Weeks in the trend chart.</summary>
    public const int RecordWeeks = 12;

    /// <summary>Closed in some outcome, or open and past its due: the promises a period counts.</summary>
    private static readonly string IsCounted = $"(record_code >= {RecordCode.OutcomeUnit} OR due_at < @Now)";

    /// <summary>A slip: kept late, missed (the outcome after it), or open and past its due.</summary>
    private static readonly string IsSlip =
        $"((record_code >= {CodeOf(RecordOutcome.Late)} AND record_code < {CodeOf(RecordOutcome.Missed + 1)}) OR (record_code < {RecordCode.OutcomeUnit} AND due_at < @Now))";

    /// <summary>Closed with status kept_late (always the late outcome): the median lateness's samples.</summary>
    private static readonly string IsKeptLate =
        $"record_code >= {CodeOf(RecordOutcome.Late)} AND record_code < {CodeOf(RecordOutcome.Late + 1)} AND record_code % {RecordCode.OutcomeUnit} >= {RecordCode.KeptLate}";

    private const string PeriodOf = "CASE WHEN due_at >= @Start THEN 0 ELSE 1 END";

    private readonly ConcurrentDictionary<(RecordStatementKind, RecordScopeKind), string> recordStatements = new();

    /// <summary>The record statement of that kind for that scope.</summary>
    public string Record(RecordStatementKind kind, RecordScopeKind scope) =>
        recordStatements.GetOrAdd((kind, scope), key => ComposeRecord(key.Item1, key.Item2));

    /// <summary>Every record statement, named, for the parse tests.</summary>
    public IEnumerable<KeyValuePair<string, string>> RecordStatements()
    {
        foreach (var kind in Enum.GetValues<RecordStatementKind>())
        {
            foreach (var scope in Enum.GetValues<RecordScopeKind>())
            {
                yield return new($"Record.{kind}.{scope}", Record(kind, scope));
            }
        }
    }

    private static string CodeOf(RecordOutcome outcome) => ((int)outcome * RecordCode.OutcomeUnit).ToString(CultureInfo.InvariantCulture);

    private string ScopeFilter(RecordScopeKind scope) => scope switch
    {
        RecordScopeKind.Owners => "workspace_id = @WorkspaceId AND " + InList("owner_id", "OwnerIds"),
        RecordScopeKind.Workspace => "workspace_id = @WorkspaceId",
        RecordScopeKind.CustomerOfOwners => "workspace_id = @WorkspaceId AND customer_key = @CustomerKey AND " + InList("owner_id", "OwnerIds"),
        _ => "workspace_id = @WorkspaceId AND customer_key = @CustomerKey",
    };

    private string ComposeRecord(RecordStatementKind kind, RecordScopeKind scope)
    {
        var filter = ScopeFilter(scope);
        switch (kind)
        {
            case RecordStatementKind.Counts:
                // One row per rep, customer, period and code: the store sums them per rep and per customer.
                return "SELECT owner_id, customer_key, MIN(customer) AS label, " + PeriodOf + " AS previous, record_code AS code, COUNT(*) AS n"
                    + " FROM commitments WHERE " + filter + " AND due_at >= @PreviousStart AND due_at < @End AND " + IsCounted
                    + " GROUP BY owner_id, customer_key, " + PeriodOf + ", record_code";
            case RecordStatementKind.Lateness:
                return "SELECT owner_id, due_at, closed_at, " + PeriodOf + " AS previous FROM commitments WHERE " + filter
                    + " AND due_at >= @PreviousStart AND due_at < @End AND " + IsKeptLate;
            case RecordStatementKind.Slips:
                // The worst few by id from the index alone (scoped to the workspace there), then only those rows are read whole.
                var worst = "SELECT " + TopPrefix("Limit") + "id FROM commitments WHERE " + filter
                    + " AND due_at >= @Start AND due_at < @End AND " + IsSlip
                    + " ORDER BY COALESCE(closed_at, @Now) - due_at DESC, id" + LimitSuffix("Limit");
                return "SELECT " + SharedSql.CommitmentColumns + " FROM commitments WHERE id IN ("
                    + worst + ") ORDER BY COALESCE(closed_at, @Now) - due_at DESC, id";
            default:
                var week = "CASE " + string.Concat(Enumerable.Range(1, RecordWeeks - 1).Select(i =>
                    "WHEN due_at < @W" + i.ToString(CultureInfo.InvariantCulture) + " THEN " + (i - 1).ToString(CultureInfo.InvariantCulture) + " "))
                    + "ELSE " + (RecordWeeks - 1).ToString(CultureInfo.InvariantCulture) + " END";
                return "SELECT " + week + " AS week, record_code AS code, COUNT(*) AS n FROM commitments WHERE " + filter
                    + " AND due_at >= @W0 AND due_at < @W" + RecordWeeks.ToString(CultureInfo.InvariantCulture) + " AND " + IsCounted
                    + " GROUP BY " + week + ", record_code";
        }
    }
}
