using CommitmentBot.Storage.Sql;
using CommitmentBot.Storage.Tests.Databases;
using Dapper;

namespace CommitmentBot.Storage.Tests.Engines;

/// <summary>
/// Every record statement reaches its rows through one of the record indexes of migration 0011 (covering: the
/// table itself is never read, except the slips' few rows, found by primary key), never by scanning the commitments table. PostgreSQL's plans depend on statistics;
/// the benchmarks' <c>load explain</c> prints them at 100,000 promises.
/// </summary>
public sealed class SqliteRecordQueryPlanTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    public static TheoryData<string> RecordStatements() => [.. SqliteDialect.Instance.RecordStatements().Select(s => s.Key)];

    [Theory]
    [MemberData(nameof(RecordStatements))]
    public async Task RecordStatement_UsesARecordIndex(string name)
    {
        var sql = SqliteDialect.Instance.RecordStatements().Single(s => s.Key == name).Value;
        var parameters = new DynamicParameters(new { WorkspaceId = "T", OwnerIds = new[] { "a", "b" }, CustomerKey = "acme", Start = 0L, End = 1L, PreviousStart = 0L, Now = 0L, Limit = 3 });
        for (var i = 0; i <= SqlDialect.RecordWeeks; i++)
        {
            parameters.Add("W" + i, (long)i);
        }

        var connection = await database.Connections.OpenAsync(TestContext.Current.CancellationToken);
        await using (connection)
        {
            var plan = (await connection.QueryAsync("EXPLAIN QUERY PLAN " + sql, parameters)).Select(r => (string)r.detail).ToList();

            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN commitments", StringComparison.Ordinal));
            Assert.Contains(plan, step => step.Contains("COVERING INDEX ix_commitments_record_", StringComparison.Ordinal));
            Assert.All(
                plan.Where(step => step.StartsWith("SEARCH commitments", StringComparison.Ordinal)),
                step => Assert.True(step.Contains("COVERING INDEX ix_commitments_record_", StringComparison.Ordinal) || step.Contains("PRIMARY KEY", StringComparison.Ordinal), step));
        }
    }
}
