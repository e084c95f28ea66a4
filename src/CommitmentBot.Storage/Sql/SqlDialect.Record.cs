using System.Collections.Concurrent;
using System.Globalization;
using CommitmentBot.Core.Ports;

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

// The delivery record's statements (SPEC "Delivery record"), composed once per dialect from the hooks. Every one
// filters on workspace_id and a due_at range first, which the record indexes of migration 0006 serve, and every
// figure is a SUM over CASE, so the engine counts and only one row per group (or per week) comes back. The CASE
// conditions are RecordRules.Classify written in SQL; a contract test holds the two together on every engine.
internal abstract partial class SqlDialect
{
    /// <summary>Weeks in the trend chart.</summary>
    public const int RecordWeeks = 12;

    private const string FirstDue = "COALESCE(first_due_at, due_at)";

    private const string IsOnTime = "status = 'kept' AND closed_at <= " + FirstDue;

    private const string IsRenegotiatedInTime =
        "status = 'kept' AND closed_at > " + FirstDue + " AND closed_at <= due_at AND move_count > 0 AND moved_late = 0 "
        + "AND moves_told >= move_count";

    private const string IsLate =
        "status = 'kept_late' OR (status = 'kept' AND closed_at > " + FirstDue + " AND NOT (closed_at <= due_at "
        + "AND move_count > 0 AND moved_late = 0 AND moves_told >= move_count))";

    private const string IsOverdueOpen = "status IN " + SharedSql.ActiveStatusList + " AND due_at < @Now";

    private const string IsCounted = "(status IN " + SharedSql.ClosedStatusList + " OR (" + IsOverdueOpen + "))";

    private const string IsRenegotiatedBeforeDue = "status <> 'cancelled' AND move_count > 0 AND moved_late = 0";

    private const string Sums =
        "SUM(CASE WHEN " + IsOnTime + " THEN 1 ELSE 0 END) AS on_time, "
        + "SUM(CASE WHEN " + IsRenegotiatedInTime + " THEN 1 ELSE 0 END) AS renegotiated_in_time, "
        + "SUM(CASE WHEN " + IsLate + " THEN 1 ELSE 0 END) AS late, "
        + "SUM(CASE WHEN status = 'missed' THEN 1 ELSE 0 END) AS missed, "
        + "SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled, "
        + "SUM(CASE WHEN " + IsOverdueOpen + " THEN 1 ELSE 0 END) AS overdue_open, "
        + "SUM(CASE WHEN " + IsRenegotiatedBeforeDue + " THEN 1 ELSE 0 END) AS renegotiated_before_due, "
        + "SUM(CASE WHEN " + IsRenegotiatedBeforeDue + " AND moves_told >= move_count THEN 1 ELSE 0 END) AS customer_told, "
        + "SUM(CASE WHEN status <> 'cancelled' AND surprised = 1 THEN 1 ELSE 0 END) AS surprises, "
        + "SUM(CASE WHEN status = 'kept_late' THEN 1 ELSE 0 END) AS kept_late";

    private const string PeriodOf = "CASE WHEN due_at >= @Start THEN 0 ELSE 1 END";

    private readonly ConcurrentDictionary<(RecordStatementKind, RecordScopeKind, RecordGrouping), string> recordStatements = new();

    /// <summary>The record statement of that kind for that scope (and grouping, for counts).</summary>
    public string Record(RecordStatementKind kind, RecordScopeKind scope, RecordGrouping grouping = RecordGrouping.Owner) =>
        recordStatements.GetOrAdd((kind, scope, kind == RecordStatementKind.Counts ? grouping : RecordGrouping.Owner), key => ComposeRecord(key.Item1, key.Item2, key.Item3));

    /// <summary>Every record statement, named, for the parse tests.</summary>
    public IEnumerable<KeyValuePair<string, string>> RecordStatements()
    {
        foreach (var kind in Enum.GetValues<RecordStatementKind>())
        {
            foreach (var scope in Enum.GetValues<RecordScopeKind>())
            {
                foreach (var grouping in kind == RecordStatementKind.Counts ? Enum.GetValues<RecordGrouping>() : [RecordGrouping.Owner])
                {
                    yield return new($"Record.{kind}.{scope}.{grouping}", Record(kind, scope, grouping));
                }
            }
        }
    }

    private string ScopeFilter(RecordScopeKind scope) => scope switch
    {
        RecordScopeKind.Owners => "workspace_id = @WorkspaceId AND " + InList("owner_id", "OwnerIds"),
        RecordScopeKind.Workspace => "workspace_id = @WorkspaceId",
        RecordScopeKind.CustomerOfOwners => "workspace_id = @WorkspaceId AND customer_key = @CustomerKey AND " + InList("owner_id", "OwnerIds"),
        _ => "workspace_id = @WorkspaceId AND customer_key = @CustomerKey",
    };

    private string ComposeRecord(RecordStatementKind kind, RecordScopeKind scope, RecordGrouping grouping)
    {
        var filter = ScopeFilter(scope);
        switch (kind)
        {
            case RecordStatementKind.Counts:
                var group = grouping == RecordGrouping.Owner ? "owner_id" : "customer_key";
                return "SELECT " + group + " AS group_key, MIN(customer) AS label, " + PeriodOf + " AS previous, " + Sums
                    + " FROM commitments WHERE " + filter + " AND due_at >= @PreviousStart AND due_at < @End AND " + IsCounted
                    + " GROUP BY " + group + ", " + PeriodOf;
            case RecordStatementKind.Lateness:
                return "SELECT owner_id, due_at, closed_at, " + PeriodOf + " AS previous FROM commitments WHERE " + filter
                    + " AND due_at >= @PreviousStart AND due_at < @End AND status = 'kept_late'";
            case RecordStatementKind.Slips:
                return "SELECT " + TopPrefix("Limit") + SharedSql.CommitmentColumns + " FROM commitments WHERE " + filter
                    + " AND due_at >= @Start AND due_at < @End AND ((" + IsOverdueOpen + ") OR status = 'missed' OR " + IsLate + ")"
                    + " ORDER BY COALESCE(closed_at, @Now) - due_at DESC, id" + LimitSuffix("Limit");
            default:
                var week = "CASE " + string.Concat(Enumerable.Range(1, RecordWeeks - 1).Select(i =>
                    "WHEN due_at < @W" + i.ToString(CultureInfo.InvariantCulture) + " THEN " + (i - 1).ToString(CultureInfo.InvariantCulture) + " "))
                    + "ELSE " + (RecordWeeks - 1).ToString(CultureInfo.InvariantCulture) + " END";
                return "SELECT " + week + " AS week, " + Sums + " FROM commitments WHERE " + filter
                    + " AND due_at >= @W0 AND due_at < @W" + RecordWeeks.ToString(CultureInfo.InvariantCulture) + " AND " + IsCounted
                    + " GROUP BY " + week;
        }
    }
}
