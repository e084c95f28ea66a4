using CommitmentBot.Storage.Sql;
using CommitmentBot.Storage.Tests.Databases;
using Dapper;

namespace CommitmentBot.Storage.Tests.Engines;

/// <summary>
/// The clock's queries run every minute over tables that only grow (every notification and delivery ever sent
/// stays), so none may scan a table: each must reach its rows through an index — for the sweep's, the partial
/// ones. SQLite's planner is deterministic, so its plans are checked here; PostgreSQL's depend on statistics (see
/// the benchmarks' <c>load explain</c> for its plans at a million rows).
/// </summary>
public sealed class SqliteClockQueryPlanTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    public static TheoryData<string> ClockStatements() =>
    [
        nameof(SqlDialect.ClaimDueCommitments),
        nameof(SqlDialect.ClaimDueNotifications),
        nameof(SqlDialect.DueDeliveries),
        nameof(SharedSql.NextEventAt),
        nameof(SharedSql.FindDelivery),
        nameof(SharedSql.ListDeliveryNotifications),
        nameof(SharedSql.MarkDeliveryNotificationsSent),
        nameof(SharedSql.CancelDeliveryIfEmpty),
    ];

    [Theory]
    [MemberData(nameof(ClockStatements))]
    public async Task ClockStatement_ScansNoTable(string name)
    {
        var sql = Statement(name);
        var connection = await database.Connections.OpenAsync(TestContext.Current.CancellationToken);
        await using (connection)
        {
            var plan = (await connection.QueryAsync("EXPLAIN QUERY PLAN " + sql, new { Now = 0L, StaleBefore = 0L, Limit = 10, Id = 1L, WorkspaceId = "T", DeliveryId = 1L }))
                .Select(r => (string)r.detail)
                .ToList();

            Assert.NotEmpty(plan);
            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step is "SEARCH deliveries" or "SEARCH notifications" or "SEARCH commitments"); // a search with no index: a scan
        }
    }

    private static string Statement(string name) =>
        SqliteDialect.Instance.Statements().Where(s => s.Key == name).Select(s => s.Value).SingleOrDefault()
        ?? (string)typeof(SharedSql).GetField(name)!.GetRawConstantValue()!;
}
